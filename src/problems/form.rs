//! Mistakes in a form (a ```` ```skema ```` block, see `handbook::forms`): told at the line of
//! the block that has them, as `M13x` problems of the Markdown area.

use super::{Code, Text};
use crate::text::i18n::Language;

/// One mistake in a line of a form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FormMistake {
    /// A kind of field the vocabulary does not have (`tekts: Navn`); `meant` the nearest kind.
    UnknownKind {
        written: String,
        meant: Option<&'static str>,
    },
    /// A line without `kind:` in front (`Barnets navn`).
    NoKind { line: String },
    /// A field with nothing after its colon (`tekst:`).
    NoLabel { kind: String },
    /// Too few parts for the kind (`valg: Deltog | ja`, `trafiklys:`).
    TooFew { kind: String, least: usize },
    /// A matrix without its rows and columns parted by `/`.
    MatrixForm,
    /// A block with no fields at all.
    Empty,
    /// More parts than the kind can lay out on a page (`plan` with five columns).
    TooMany { kind: String, most: usize },
    /// An empty part between two `|` (`valg: Deltog | | nej`).
    EmptyPart { kind: String },
    /// A `[…]` between a field's kind and its colon that is not `[KUN: edition, …]`.
    EditionMarker { written: String },
}

/// The kinds of field, as a writer types them (for the hints).
const KINDS: &str = "tekst, langtekst, dato, afkryds, valg, trafiklys, skala, matrix og plan";
const KINDS_EN: &str = "tekst, langtekst, dato, afkryds, valg, trafiklys, skala, matrix and plan";

impl FormMistake {
    pub fn code(&self) -> Code {
        use FormMistake::*;
        match self {
            UnknownKind { .. } => Code::new("M130"),
            NoKind { .. } => Code::new("M131"),
            NoLabel { .. } => Code::new("M132"),
            TooFew { .. } => Code::new("M133"),
            MatrixForm => Code::new("M134"),
            Empty => Code::new("M135"),
            TooMany { .. } => Code::new("M136"),
            EmptyPart { .. } => Code::new("M137"),
            EditionMarker { .. } => Code::new("M138"),
        }
    }

    pub fn text(&self, lang: Language) -> Text {
        match lang {
            Language::Da => self.danish(),
            Language::En => self.english(),
        }
    }

    fn danish(&self) -> Text {
        use FormMistake::*;
        match self {
            UnknownKind { written, meant } => Text::new(format!("skemaet kender ikke felttypen \"{written}\""))
                .hint(match meant {
                    Some(m) => format!("mente du \"{m}\"? Felttyperne er {KINDS}"),
                    None => format!("skriv en af felttyperne {KINDS}, fx tekst: Barnets navn"),
                }),
            NoKind { line } => Text::new(format!("linjen \"{line}\" i skemaet siger ikke, hvilken slags felt den er"))
                .hint(format!("skriv felttypen og et kolon foran, fx tekst: {line}; felttyperne er {KINDS}")),
            NoLabel { kind } => Text::new(format!("feltet \"{kind}\" mangler en tekst efter kolonet"))
                .hint(format!("skriv, hvad der skal udfyldes, fx {kind}: {}", example(kind))),
            TooFew { kind, least } => Text::new(format!("feltet \"{kind}\" skal have mindst {least} dele adskilt af |"))
                .hint(format!("skriv fx {kind}: {}", example(kind))),
            MatrixForm => Text::new("matricen mangler rækker eller kolonner")
                .hint("skriv rækkerne, en skråstreg og kolonnerne, fx matrix: rækker Styrker | Belastninger / kolonner Barnet selv | Omgivelserne"),
            Empty => Text::new("skemaet har ingen felter")
                .hint("skriv ét felt på hver linje mellem ```skema og ```, fx tekst: Barnets navn"),
            TooMany { kind, most } => Text::new(format!("feltet \"{kind}\" har flere dele, end der er plads til på en side (højst {most})"))
                .hint("del feltet i to, eller skriv færre dele"),
            EmptyPart { kind } => Text::new(format!("feltet \"{kind}\" har en tom del mellem to |"))
                .hint("fjern den ekstra |, eller skriv teksten, der mangler"),
            EditionMarker { written } => Text::new(format!("\"{written}\" i skemaet er ikke en gyldig afgrænsning til udgaver"))
                .hint("skriv udgaverne efter KUN og et kolon mellem felttypen og kolonet, fx tekst [KUN: intern]: Vurdering"),
        }
    }

    fn english(&self) -> Text {
        use FormMistake::*;
        match self {
            UnknownKind { written, meant } => Text::new(format!("forms have no kind of field \"{written}\""))
                .hint(match meant {
                    Some(m) => format!("did you mean \"{m}\"? The kinds are {KINDS_EN}"),
                    None => format!("write one of the kinds {KINDS_EN}, e.g. tekst: Child's name"),
                }),
            NoKind { line } => Text::new(format!("the line \"{line}\" in the form does not say what kind of field it is"))
                .hint(format!("write the kind and a colon first, e.g. tekst: {line}; the kinds are {KINDS_EN}")),
            NoLabel { kind } => Text::new(format!("the field \"{kind}\" has no text after its colon"))
                .hint(format!("write what is to be filled in, e.g. {kind}: {}", example(kind))),
            TooFew { kind, least } => Text::new(format!("the field \"{kind}\" needs at least {least} parts separated by |"))
                .hint(format!("write e.g. {kind}: {}", example(kind))),
            MatrixForm => Text::new("the matrix lacks rows or columns")
                .hint("write the rows, a slash and the columns, e.g. matrix: rækker Strengths | Strains / kolonner The child | Surroundings"),
            Empty => Text::new("the form has no fields")
                .hint("write one field per line between ```skema and ```, e.g. tekst: Child's name"),
            TooMany { kind, most } => Text::new(format!("the field \"{kind}\" has more parts than fit on a page (at most {most})"))
                .hint("split the field in two, or write fewer parts"),
            EmptyPart { kind } => Text::new(format!("the field \"{kind}\" has an empty part between two |"))
                .hint("remove the extra |, or write the missing text"),
            EditionMarker { written } => Text::new(format!("\"{written}\" in the form does not limit the field to editions"))
                .hint("write the editions after KUN and a colon between the kind and its colon, e.g. tekst [KUN: intern]: Assessment"),
        }
    }
}

/// A line of each kind as it is written, for the hints.
fn example(kind: &str) -> &'static str {
    match kind {
        "valg" => "Barnet deltog | hele mødet | en del af mødet | ikke",
        "trafiklys" => "Humør og glæde | Venskaber og leg | Sprog",
        "skala" => "Hvordan har du det i dag? | Meget dårligt | Rigtig godt",
        "matrix" => "rækker Styrker | Belastninger / kolonner Barnet selv | Omgivelserne",
        "plan" => "Hvad bekymrer os? | Hvad går godt? | Hvad skal der ske?",
        "dato" => "Mødedato",
        "afkryds" => "Forældrene er orienteret",
        "langtekst" => "Det har vi set",
        _ => "Barnets navn",
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<FormMistake> {
    use FormMistake::*;
    let kind = || "valg".to_string();
    vec![
        UnknownKind {
            written: "tekts".into(),
            meant: Some("tekst"),
        },
        NoKind {
            line: "Barnets navn".into(),
        },
        NoLabel { kind: kind() },
        TooFew {
            kind: kind(),
            least: 3,
        },
        MatrixForm,
        Empty,
        TooMany {
            kind: "plan".into(),
            most: 4,
        },
        EmptyPart { kind: kind() },
        EditionMarker {
            written: "[intern]".into(),
        },
    ]
}
