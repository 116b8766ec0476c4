//! Forms people fill in: a ```` ```skema ```` block in a page, one field per line
//! (`tekst: Barnets navn`, `trafiklys: Leg | Venskaber`), read into the typed [`Form`] that both
//! writers use: [`html`] (an accessible form to fill in the browser and print) and [`pdf`] (a PDF
//! with real AcroForm fields). [`parse`] is a pure function, so it can be fuzzed.

pub mod html;
pub mod pdf;

use crate::problems::FormMistake;

/// The info string of a fenced code block that is a form.
pub const FENCE: &str = "skema";

/// The name of the fillable PDF written beside a page that has forms.
pub const PDF_NAME: &str = "skema.pdf";

/// One ```` ```skema ```` block of a page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Form {
    /// The page's heading above the block, if any: the form's part in the PDF.
    pub heading: Option<String>,
    pub fields: Vec<Field>,
}

/// One line of a form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    /// What the field asks for (empty for kinds made of rows or columns only).
    pub label: String,
    pub kind: Kind,
    /// The editions the field is limited to (`tekst [KUN: intern]: …`); empty: every edition.
    pub only: Vec<String>,
}

/// The kinds of field. Rows, choices and columns are as written, in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines: grows as it is written, printed in full.
    LongText,
    Date,
    /// One box to tick.
    Check,
    /// One of several choices.
    Choice(Vec<String>),
    /// Green, yellow or red for each row; `notes` adds a line per row for what was seen.
    TrafficLight {
        rows: Vec<String>,
        notes: bool,
    },
    /// 1 to 10, with words for the two ends if given.
    Scale {
        low: Option<String>,
        high: Option<String>,
    },
    /// Rows × columns, a mark in each cell (or a text, with `text`).
    Matrix {
        rows: Vec<String>,
        columns: Vec<String>,
        text: bool,
    },
    /// Columns of long text side by side (Signs of Safety's three questions by default).
    Plan(Vec<String>),
}

/// A mistake at a line of the block (1-based) and a column in that line (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub line: usize,
    pub column: usize,
    pub mistake: FormMistake,
}

/// The three questions of a Signs of Safety plan: `plan:` with nothing after it.
pub const PLAN_QUESTIONS: [&str; 3] = ["Hvad bekymrer os?", "Hvad går godt?", "Hvad skal der ske?"];

/// Most rows of a traffic light or matrix, choices of a `valg`: what prints on one or two pages.
const MOST_ROWS: usize = 40;
const MOST_CHOICES: usize = 12;
const MOST_COLUMNS: usize = 6;
const MOST_PLAN: usize = 4;

/// The words for each kind, as a writer may type them (lower case, single spaces). English words
/// are read too, for handbooks written in English.
const KINDS: &[(&str, KindWord)] = &[
    ("tekst", KindWord::Text),
    ("text", KindWord::Text),
    ("langtekst", KindWord::LongText),
    ("lang tekst", KindWord::LongText),
    ("long text", KindWord::LongText),
    ("dato", KindWord::Date),
    ("date", KindWord::Date),
    ("afkryds", KindWord::Check),
    ("afkrydsning", KindWord::Check),
    ("kryds", KindWord::Check),
    ("checkbox", KindWord::Check),
    ("valg", KindWord::Choice),
    ("choice", KindWord::Choice),
    ("trafiklys", KindWord::TrafficLight(false)),
    ("trafiklys med note", KindWord::TrafficLight(true)),
    ("trafiklys med noter", KindWord::TrafficLight(true)),
    ("traffic light", KindWord::TrafficLight(false)),
    ("skala", KindWord::Scale),
    ("scale", KindWord::Scale),
    ("matrix", KindWord::Matrix(false)),
    ("matrix med tekst", KindWord::Matrix(true)),
    ("plan", KindWord::Plan),
];

#[derive(Debug, Clone, Copy)]
enum KindWord {
    Text,
    LongText,
    Date,
    Check,
    Choice,
    TrafficLight(bool),
    Scale,
    Matrix(bool),
    Plan,
}

/// Reads a form block. Blank lines and lines starting with `%` (a note to the writer) are
/// skipped. Every mistake is returned, each at its line.
pub fn parse(text: &str, heading: Option<String>) -> Result<Form, Vec<FormError>> {
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('%') {
            continue;
        }
        let indent = line.chars().take_while(|c| c.is_whitespace()).count();
        match parse_marked(trimmed) {
            Ok(field) => fields.push(field),
            Err((at, mistake)) => errors.push(FormError {
                line: n + 1,
                column: indent + at + 1,
                mistake,
            }),
        }
    }
    if fields.is_empty() && errors.is_empty() {
        errors.push(FormError {
            line: 1,
            column: 1,
            mistake: FormMistake::Empty,
        });
    }
    if errors.is_empty() {
        Ok(Form { heading, fields })
    } else {
        Err(errors)
    }
}

/// One field from a trimmed line that may limit it to editions with `[KUN: a, b]` between its
/// kind and the colon. The marker is blanked out, so later columns stay those of the line.
fn parse_marked(line: &str) -> Result<Field, (usize, FormMistake)> {
    let colon = line.find(':').unwrap_or(line.len());
    let Some(open) = line[..colon].find('[') else {
        return parse_line(line);
    };
    // Only after a kind: `Barnets navn [initialer]` is a line without a kind, told as such.
    let word = line[..open]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !KINDS.iter().any(|(w, _)| *w == word.to_lowercase()) {
        return parse_line(line);
    }
    let at = line[..open].chars().count();
    let bad = |written: &str| {
        let written = written.chars().take(60).collect();
        (at, FormMistake::EditionMarker { written })
    };
    let Some(close) = line[open..].find(']').map(|c| open + c) else {
        return Err(bad(&line[open..]));
    };
    let inner = &line[open + 1..close];
    let names = match inner.split_once(':') {
        Some((word, names)) if word.trim().eq_ignore_ascii_case("kun") => names,
        _ => return Err(bad(&line[open..=close])),
    };
    let only: Vec<String> = names.split(',').map(|n| n.trim().to_string()).collect();
    if only.iter().any(String::is_empty) {
        return Err(bad(&line[open..=close]));
    }
    let blank = " ".repeat(line[open..=close].chars().count());
    let mut field = parse_line(&format!("{}{blank}{}", &line[..open], &line[close + 1..]))?;
    field.only = only;
    Ok(field)
}

/// The form as an edition shows it: without the fields limited to other editions. `None` (a
/// handbook without editions) keeps every field.
impl Form {
    pub fn for_edition(&self, edition: Option<&str>) -> Form {
        let keep = |f: &&Field| match edition {
            None => true,
            Some(e) => f.only.is_empty() || f.only.iter().any(|o| o == e),
        };
        Form {
            heading: self.heading.clone(),
            fields: self.fields.iter().filter(keep).cloned().collect(),
        }
    }
}

impl Form {
    /// The form without the fields limited to editions: what a book (a compendium handed out,
    /// a child's book) prints, since a book belongs to no edition of the handbook.
    pub fn shared(&self) -> Form {
        Form {
            heading: self.heading.clone(),
            fields: (self.fields.iter())
                .filter(|f| f.only.is_empty())
                .cloned()
                .collect(),
        }
    }
}

/// One field from a trimmed line, or a mistake at a column (0-based, in characters).
fn parse_line(line: &str) -> Result<Field, (usize, FormMistake)> {
    let Some((word, rest)) = line.split_once(':') else {
        return Err((0, FormMistake::NoKind { line: line.into() }));
    };
    let written = word.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = written.to_lowercase();
    let Some(&(_, kind)) = KINDS.iter().find(|(w, _)| *w == lower) else {
        // A label with a colon but no kind (`Barnets navn: `) is a missing kind, not a typo.
        let meant = nearest_kind(&lower);
        if meant.is_none() && written.contains(' ') {
            return Err((0, FormMistake::NoKind { line: line.into() }));
        }
        return Err((0, FormMistake::UnknownKind { written, meant }));
    };
    let name = canonical(kind);
    let at = word.chars().count() + 1;
    let rest = rest.trim();
    let parts = |least: usize, most: usize| -> Result<Vec<String>, (usize, FormMistake)> {
        split_parts(rest, name, least, most).map_err(|m| (at, m))
    };
    let kind = match kind {
        KindWord::Text | KindWord::LongText | KindWord::Date | KindWord::Check => {
            if rest.is_empty() {
                return Err((at, FormMistake::NoLabel { kind: name.into() }));
            }
            let kind = match kind {
                KindWord::Text => Kind::Text,
                KindWord::LongText => Kind::LongText,
                KindWord::Date => Kind::Date,
                _ => Kind::Check,
            };
            return Ok(Field {
                label: rest.into(),
                kind,
                only: Vec::new(),
            });
        }
        KindWord::Choice => {
            let mut p = parts(3, MOST_CHOICES + 1)?;
            let label = p.remove(0);
            return Ok(Field {
                label,
                kind: Kind::Choice(p),
                only: Vec::new(),
            });
        }
        KindWord::Scale => {
            let mut p = parts(1, 3)?.into_iter();
            let label = p.next().unwrap_or_default();
            return Ok(Field {
                label,
                kind: Kind::Scale {
                    low: p.next(),
                    high: p.next(),
                },
                only: Vec::new(),
            });
        }
        KindWord::TrafficLight(notes) => Kind::TrafficLight {
            rows: parts(1, MOST_ROWS)?,
            notes,
        },
        KindWord::Plan if rest.is_empty() => {
            Kind::Plan(PLAN_QUESTIONS.iter().map(|q| q.to_string()).collect())
        }
        KindWord::Plan => Kind::Plan(parts(1, MOST_PLAN)?),
        KindWord::Matrix(text) => {
            let (rows, columns) = matrix_parts(rest, name).map_err(|m| (at, m))?;
            Kind::Matrix {
                rows,
                columns,
                text,
            }
        }
    };
    Ok(Field {
        label: String::new(),
        kind,
        only: Vec::new(),
    })
}

/// The kind's name in the hints: the first word of the table for it.
fn canonical(kind: KindWord) -> &'static str {
    match kind {
        KindWord::Text => "tekst",
        KindWord::LongText => "langtekst",
        KindWord::Date => "dato",
        KindWord::Check => "afkryds",
        KindWord::Choice => "valg",
        KindWord::TrafficLight(_) => "trafiklys",
        KindWord::Scale => "skala",
        KindWord::Matrix(_) => "matrix",
        KindWord::Plan => "plan",
    }
}

/// The parts between `|`, each trimmed; an empty part in the middle is a mistake.
fn split_parts(
    text: &str,
    kind: &str,
    least: usize,
    most: usize,
) -> Result<Vec<String>, FormMistake> {
    if text.is_empty() {
        return Err(if least <= 1 {
            FormMistake::NoLabel { kind: kind.into() }
        } else {
            FormMistake::TooFew {
                kind: kind.into(),
                least,
            }
        });
    }
    let parts: Vec<String> = text.split('|').map(|p| p.trim().to_string()).collect();
    // A `|` at the very end is forgiven: people close table rows that way.
    let parts: Vec<String> = match parts.split_last() {
        Some((last, before)) if last.is_empty() && !before.is_empty() => before.to_vec(),
        _ => parts,
    };
    if parts.iter().any(String::is_empty) {
        return Err(FormMistake::EmptyPart { kind: kind.into() });
    }
    if parts.len() < least {
        return Err(FormMistake::TooFew {
            kind: kind.into(),
            least,
        });
    }
    if parts.len() > most {
        return Err(FormMistake::TooMany {
            kind: kind.into(),
            most,
        });
    }
    Ok(parts)
}

/// `rækker A | B / kolonner X | Y`: the words `rækker` and `kolonner` may be left out.
fn matrix_parts(text: &str, kind: &str) -> Result<(Vec<String>, Vec<String>), FormMistake> {
    let Some((rows, columns)) = text.split_once('/') else {
        return Err(FormMistake::MatrixForm);
    };
    let rows = strip_word(rows.trim(), &["rækker", "raekker", "rows"]);
    let columns = strip_word(columns.trim(), &["kolonner", "columns"]);
    if rows.is_empty() || columns.is_empty() {
        return Err(FormMistake::MatrixForm);
    }
    Ok((
        split_parts(rows, kind, 1, MOST_ROWS)?,
        split_parts(columns, kind, 1, MOST_COLUMNS)?,
    ))
}

/// `text` without a leading word of `words` (any case, with or without a colon after it).
fn strip_word<'t>(text: &'t str, words: &[&str]) -> &'t str {
    for w in words {
        let Some(head) = text.get(..w.len()) else {
            continue;
        };
        if head.to_lowercase() == *w {
            let rest = &text[w.len()..];
            if rest.is_empty() || rest.starts_with([' ', ':', '\t']) {
                return rest.trim_start_matches(':').trim();
            }
        }
    }
    text
}

/// The nearest kind to a word that is none: a typo one or two letters off.
fn nearest_kind(word: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .map(|(w, k)| (strsim::levenshtein(word, w), canonical(*k), *w))
        .filter(|(d, _, w)| *d <= 2 && *d < w.chars().count())
        .min_by_key(|(d, _, _)| *d)
        .map(|(_, k, _)| k)
}

/// The property the fuzz target (`fuzz/fuzz_targets/forms.rs`) and the tests check for any text:
/// reading it never panics, and a form read from it is written as HTML and as typst markup that
/// parses without an error and holds only what bogbinder writes, whatever its labels hold.
pub fn check_any(text: &str) {
    let Ok(form) = parse(text, Some(text.to_string())) else {
        return;
    };
    let forms = [form];
    let _ = html::form(
        &forms[0],
        &mut html::Ids::for_page("x.md"),
        crate::text::i18n::Language::Da,
    );
    let layout = pdf::layout(text, &forms, crate::text::i18n::Language::Da);
    let (errors, _) = typst::syntax::parse(&layout.markup).errors_and_warnings();
    assert!(
        errors.is_empty(),
        "typst markup with errors for {text:?}: {errors:?}"
    );
    if let Err(e) = pdf::guard(&layout.markup) {
        panic!("{e} for {text:?}");
    }
}

/// Every field's words, for the search index.
pub fn words(form: &Form) -> String {
    let mut out = String::new();
    for f in &form.fields {
        out.push_str(&f.label);
        out.push(' ');
        let parts: Vec<&String> = match &f.kind {
            Kind::Choice(c) | Kind::Plan(c) => c.iter().collect(),
            Kind::TrafficLight { rows, .. } => rows.iter().collect(),
            Kind::Matrix { rows, columns, .. } => rows.iter().chain(columns).collect(),
            Kind::Scale { low, high } => low.iter().chain(high).collect(),
            _ => Vec::new(),
        };
        for p in parts {
            out.push_str(p);
            out.push(' ');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(usize, usize, String)> {
        match parse(text, None) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .into_iter()
                .map(|e| (e.line, e.column, e.mistake.code().to_string()))
                .collect(),
        }
    }

    #[test]
    fn every_kind_is_read() {
        let f = parse(
            "tekst: Barnets navn\nlang tekst: Det har vi set\nDato: Dato\nafkryds: Orienteret\n\
             valg: Deltog | hele | en del | ikke\ntrafiklys med noter: Leg | Sprog |\n\
             skala: I dag | Dårligt | Godt\nmatrix: rækker A | B / kolonner: X | Y\nplan:\n\
             % a note\n\nplan: Mål | Tegn\n",
            Some("Skemaet".into()),
        )
        .unwrap();
        let kinds: Vec<&Kind> = f.fields.iter().map(|f| &f.kind).collect();
        assert_eq!(kinds[0], &Kind::Text);
        assert_eq!(kinds[1], &Kind::LongText);
        assert_eq!(kinds[2], &Kind::Date);
        assert_eq!(kinds[3], &Kind::Check);
        assert_eq!(
            kinds[4],
            &Kind::Choice(vec!["hele".into(), "en del".into(), "ikke".into()])
        );
        assert_eq!(
            kinds[5],
            &Kind::TrafficLight {
                rows: vec!["Leg".into(), "Sprog".into()],
                notes: true
            }
        );
        assert_eq!(
            kinds[6],
            &Kind::Scale {
                low: Some("Dårligt".into()),
                high: Some("Godt".into())
            }
        );
        assert_eq!(
            kinds[7],
            &Kind::Matrix {
                rows: vec!["A".into(), "B".into()],
                columns: vec!["X".into(), "Y".into()],
                text: false
            }
        );
        assert_eq!(
            kinds[8],
            &Kind::Plan(PLAN_QUESTIONS.map(String::from).to_vec())
        );
        assert_eq!(kinds[9], &Kind::Plan(vec!["Mål".into(), "Tegn".into()]));
        assert_eq!(f.fields[4].label, "Deltog");
        assert_eq!(f.heading.as_deref(), Some("Skemaet"));
    }

    #[test]
    fn mistakes_are_told_at_their_line_and_column() {
        assert_eq!(codes("tekts: Navn"), [(1, 1, "M130".into())]);
        assert_eq!(codes("\n  Barnets navn"), [(2, 3, "M131".into())]);
        assert_eq!(codes("Barnets navn: Emma"), [(1, 1, "M131".into())]);
        assert_eq!(codes("tekst:   "), [(1, 7, "M132".into())]);
        assert_eq!(codes("valg: Deltog | ja"), [(1, 6, "M133".into())]);
        assert_eq!(codes("matrix: A | B"), [(1, 8, "M134".into())]);
        assert_eq!(codes("\n% kun en note\n"), [(1, 1, "M135".into())]);
        assert_eq!(codes("plan: a|b|c|d|e"), [(1, 6, "M136".into())]);
        assert_eq!(codes("valg: a | | c"), [(1, 6, "M137".into())]);
        // Every mistake of a block at once.
        assert_eq!(codes("tekst:\ntekts: x").len(), 2);
    }

    #[test]
    fn a_field_may_be_limited_to_editions() {
        let f = parse(
            "tekst [KUN: intern, forældre]: Vurdering\ntekst: Navn\n",
            None,
        )
        .unwrap();
        assert_eq!(f.fields[0].label, "Vurdering");
        assert_eq!(f.fields[0].only, ["intern", "forældre"]);
        assert!(f.fields[1].only.is_empty());
        let names = |f: Form| f.fields.into_iter().map(|f| f.label).collect::<Vec<_>>();
        assert_eq!(names(f.for_edition(Some("intern"))), ["Vurdering", "Navn"]);
        assert_eq!(names(f.for_edition(Some("skole"))), ["Navn"]);
        assert_eq!(names(f.for_edition(None)), ["Vurdering", "Navn"]);
        // The marker keeps later columns: the empty label is told where it is.
        assert_eq!(codes("tekst [KUN: intern]:"), [(1, 21, "M132".into())]);
        assert_eq!(codes("tekst [intern]: Navn"), [(1, 7, "M138".into())]);
        assert_eq!(codes("tekst [KUN: ]: Navn"), [(1, 7, "M138".into())]);
        assert_eq!(codes("tekst [KUN: intern: Navn"), [(1, 7, "M138".into())]);
        assert_eq!(codes("Barnets navn [initialer]"), [(1, 1, "M131".into())]);
    }

    #[test]
    fn a_typo_names_the_kind_meant() {
        let Err(e) = parse("trafiklis: Leg", None) else {
            panic!()
        };
        assert_eq!(
            e[0].mistake,
            FormMistake::UnknownKind {
                written: "trafiklis".into(),
                meant: Some("trafiklys")
            }
        );
    }

    #[test]
    fn any_text_is_read_without_panic_and_laid_out_as_markup() {
        for text in [
            "",
            ":",
            "|",
            "/",
            "matrix: /",
            "matrix: rækker",
            "valg:|||",
            "skala: a|b|c|d",
            "æøå: ü",
            "plan: |",
            "matrix: rækker / kolonner",
            "matrix: Ræk",
            "\u{0}:\u{0}",
            "tekst: ]#[)\\\"<bbf>",
            "valg: *_`$ | #let x = 1 | ]) // /*",
            "plan: \\",
        ] {
            check_any(text);
        }
        // A small deterministic fuzzer: lines of a kind and then characters that mean something
        // in typst, HTML or the vocabulary. Most of them must be read, so the layout is reached.
        let kinds = [
            "tekst:",
            "valg: a |",
            "skala:",
            "matrix: a /",
            "plan:",
            "trafiklys med noter:",
            "afkryds:",
            "langtekst:",
            "dato:",
            "trafiklys:",
            "matrix med tekst:",
            "x:",
        ];
        let atoms = [
            "|", "/", " ", "#", "[", "]", "(", ")", "\\", "\"", "<", ">", "*", "$", "@", "æ", "_",
            "rækker", "kolonner", "%", "//", "/*", "`", "=", "-", "+", ".", "\u{200B}", "\r", "a",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut read = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                text.push_str(kinds[next(kinds.len())]);
                for _ in 0..1 + next(12) {
                    text.push_str(atoms[next(atoms.len())]);
                }
                text.push('\n');
            }
            read += usize::from(parse(&text, None).is_ok());
            check_any(&text);
        }
        assert!(read > 300, "only {read} inputs were forms");
    }
}
