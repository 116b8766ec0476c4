//! Problems in content pages (`content/**/*.md`): encoding, front matter, titles, addresses,
//! references between pages.

use super::toml_mistake::{Area, TomlMistake};
use super::{pick, Catalogued, Code, Severity, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentProblem {
    /// The file is not UTF-8 (an older editor's encoding, or not text at all).
    NotUtf8,
    /// A page without `title`.
    MissingTitle,
    /// `+++` with something after it on the first line.
    FenceNotAlone,
    /// Front matter opened with `+++` and never closed.
    FrontMatterUnclosed,
    /// Front matter that is not valid TOML, or a field with the wrong name or kind.
    FrontMatterToml { mistake: TomlMistake },
    /// A folder named like the children's books folder that is not it (`Bøger`, `boeger.`).
    LooksLikeBooks { name: String },
    /// A `bog.toml` outside `content/boeger/`.
    BookTomlOutside,
    /// Two pages with one address.
    AddressTaken { url: String, other: String },
    /// A file name that gives no address (only signs).
    NoAddress,
    /// An address bogbinder itself uses (`/sog/`, a taxonomy's folder).
    AddressReserved { url: String, by: String },
    /// A front matter reference into a child's book.
    PrivateReference { field: String, reference: String },
    /// A front matter reference to a page that does not exist.
    MissingPage {
        field: String,
        reference: String,
        key: String,
    },
    /// A taxonomy not in `bogbinder.toml`.
    UnknownTaxonomy { key: String, known: Vec<String> },
    /// A link to `#anchor` on a page that has no such heading (`known`: the ones it has).
    MissingAnchor {
        anchor: String,
        page: String,
        known: String,
    },
    /// An edition named in `udgaver = [...]` or `[!KUN: …]` that `bogbinder.toml` does not have.
    UnknownEdition {
        name: String,
        known: Vec<String>,
        nearest: Option<String>,
    },
    /// `> [!KUN]` without the editions it is for.
    EditionBoxEmpty,
    /// A link or reference, in a page of an edition, to a page that edition leaves out.
    LeftOutOfEdition { reference: String, edition: String },
    /// A workshop's `tid` that is not a start and an end (`"9.00-11.30"`).
    WorkshopTime { written: String, fault: TimeFault },
    /// A box that begins like `[!KUN` but cannot be read (`[!KUN intern]`, no `]`).
    EditionBoxBroken,
}

/// What is wrong with a workshop's `tid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFault {
    /// Not two times of day (`"formiddag"`, `"25.00-26.00"`, `"9.75-10"`).
    Unreadable,
    /// Only a start (`"9.00"`).
    NoEnd,
    /// The end is not after the start (`"11.30-9.00"`).
    EndFirst,
}

impl Catalogued for ContentProblem {
    fn code(&self) -> Code {
        use ContentProblem::*;
        Code::new(match self {
            NotUtf8 => "C001",
            MissingTitle => "C002",
            FenceNotAlone => "C003",
            FrontMatterUnclosed => "C004",
            FrontMatterToml { mistake } => mistake.code(Area::Content).unwrap_or("C005"),
            LooksLikeBooks { .. } => "C006",
            BookTomlOutside => "C007",
            AddressTaken { .. } => "C008",
            NoAddress => "C009",
            AddressReserved { .. } => "C010",
            PrivateReference { .. } => "C011",
            MissingPage { .. } => "C012",
            UnknownTaxonomy { .. } => "C013",
            MissingAnchor { .. } => "C014",
            UnknownEdition { .. } => "C140",
            EditionBoxEmpty => "C141",
            LeftOutOfEdition { .. } => "C142",
            WorkshopTime { .. } => "C150",
            EditionBoxBroken => "C143",
        })
    }

    fn severity(&self) -> Severity {
        match self {
            ContentProblem::FrontMatterToml { mistake } if mistake.is_warning() => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
    fn text(&self, lang: Language) -> Text {
        use ContentProblem::*;
        match self {
            NotUtf8 => pick(
                lang,
                Text::new("filen er ikke gemt som UTF-8").hint(
                    "gem filen som UTF-8 i din editor (fx \"Gem som\" → kodning UTF-8); æ, ø og å er sandsynligvis gemt i en ældre kodning",
                ),
                Text::new("the file is not saved as UTF-8").hint(
                    "save the file as UTF-8 in your editor (\"Save as\" → encoding UTF-8)",
                ),
            ),
            MissingTitle => pick(
                lang,
                Text::new("siden mangler en titel")
                    .hint("tilføj title = \"...\" mellem +++ linjerne øverst i filen"),
                Text::new("the page has no title")
                    .hint("add title = \"...\" between the +++ lines at the top of the file"),
            ),
            FenceNotAlone => pick(
                lang,
                Text::new("første linje skal være +++ alene")
                    .hint("skriv +++ på første linje, så indstillingerne, så +++ igen"),
                Text::new("the first line must be +++ alone")
                    .hint("write +++ on the first line, then the settings, then +++ again"),
            ),
            FrontMatterUnclosed => pick(
                lang,
                Text::new("indstillingerne øverst (front matter) bliver aldrig lukket med +++")
                    .hint("tilføj en linje med +++ efter den sidste indstilling"),
                Text::new("the settings at the top (front matter) are never closed with +++")
                    .hint("add a line with +++ after the last setting"),
            ),
            FrontMatterToml { mistake } => mistake.text(lang),
            LooksLikeBooks { name } => pick(
                lang,
                Text::new(format!("mappen \"{name}\" ligner børnenes bøger (content/boeger/), men er det ikke, så alt i den ville komme med i håndbogen"))
                    .hint("et barns bog skal ligge i content/boeger/<navn>/ (med små bogstaver og oe); flyt den dertil, eller giv mappen et andet navn"),
                Text::new(format!("the folder \"{name}\" looks like the children's books (content/boeger/) but is not, so everything in it would be in the handbook"))
                    .hint("a child's book belongs in content/boeger/<name>/ (small letters, oe); move it there, or rename the folder"),
            ),
            BookTomlOutside => pick(
                lang,
                Text::new("en bog.toml uden for content/boeger/: et barns bog her ville komme med i håndbogen")
                    .hint("flyt bogens mappe til content/boeger/<navn>/; bog.toml hører kun hjemme i et barns bog"),
                Text::new("a bog.toml outside content/boeger/: a child's book here would be in the handbook")
                    .hint("move the book's folder to content/boeger/<name>/; bog.toml belongs only in a child's book"),
            ),
            AddressTaken { url, other } => pick(
                lang,
                Text::new(format!("adressen /{url} bruges også af {other}"))
                    .hint("to sider kan ikke have samme adresse: omdøb den ene fil eller sæt slug = \"...\" i dens indstillinger"),
                Text::new(format!("the address /{url} is also used by {other}"))
                    .hint("two pages cannot have one address: rename one file or set slug = \"...\" in its settings"),
            ),
            NoAddress => pick(
                lang,
                Text::new("filnavnet giver ingen gyldig adresse")
                    .hint("brug bogstaver eller tal i fil- og mappenavne, eller sæt slug = \"...\""),
                Text::new("the file name gives no valid address")
                    .hint("use letters or digits in file and folder names, or set slug = \"...\""),
            ),
            AddressReserved { url, by } => pick(
                lang,
                Text::new(format!("adressen /{url} er optaget af bogbinder ({by})"))
                    .hint("omdøb filen eller mappen, eller sæt slug = \"...\" i sidens indstillinger"),
                Text::new(format!("the address /{url} is used by bogbinder ({by})"))
                    .hint("rename the file or folder, or set slug = \"...\" in the page's settings"),
            ),
            PrivateReference { field, reference } => pick(
                lang,
                Text::new(format!("{field}: \"{reference}\" peger ind i et barns bog, som er privat"))
                    .hint("et barns bog må aldrig vises i håndbogen; fjern henvisningen"),
                Text::new(format!("{field}: \"{reference}\" points into a child's book, which is private"))
                    .hint("a child's book must never be shown in the handbook; remove the reference"),
            ),
            MissingPage { field, reference, key } => pick(
                lang,
                Text::new(format!("{field}: henvisningen \"{reference}\" peger på en side, der ikke findes (content/{key})"))
                    .hint("ret stien, så den svarer til en fil i content/, fx \"@/redskaber/trivselsskema.md\""),
                Text::new(format!("{field}: the reference \"{reference}\" points to a page that does not exist (content/{key})"))
                    .hint("fix the path so it matches a file in content/, e.g. \"@/redskaber/trivselsskema.md\""),
            ),
            UnknownTaxonomy { key, known } => pick(
                lang,
                Text::new(format!("ukendt taksonomi \"{key}\"")).hint(format!(
                    "brug en af {}, eller tilføj den under [[taxonomies]] i bogbinder.toml",
                    known.join(", ")
                )),
                Text::new(format!("unknown taxonomy \"{key}\"")).hint(format!(
                    "use one of {}, or add it under [[taxonomies]] in bogbinder.toml",
                    known.join(", ")
                )),
            ),
            MissingAnchor { anchor, page, known } => pick(
                lang,
                Text::new(format!("afsnittet #{anchor} findes ikke på siden {page}")).hint(
                    if known.is_empty() {
                        "siden har ingen overskrifter; fjern #-delen af henvisningen".to_string()
                    } else {
                        format!("kendte afsnit: {known}")
                    },
                ),
                Text::new(format!("the section #{anchor} does not exist on the page {page}")).hint(
                    if known.is_empty() {
                        "the page has no headings; remove the #-part of the link".to_string()
                    } else {
                        format!("known sections: {known}")
                    },
                ),
            ),
            UnknownEdition { name, known, nearest } => {
                let (da, en) = match (nearest, known.is_empty()) {
                    (_, true) => (
                        "bogbinder.toml har ingen udgaver; tilføj fx [[udgaver]] med navn = \"intern\", eller fjern begrænsningen".to_string(),
                        "bogbinder.toml has no editions; add e.g. [[udgaver]] with navn = \"intern\", or remove the limit".to_string(),
                    ),
                    (Some(n), false) => (
                        format!("mente du \"{n}\"? Udgaverne i bogbinder.toml er: {}", known.join(", ")),
                        format!("did you mean \"{n}\"? The editions in bogbinder.toml are: {}", known.join(", ")),
                    ),
                    (None, false) => (
                        format!("udgaverne i bogbinder.toml er: {}", known.join(", ")),
                        format!("the editions in bogbinder.toml are: {}", known.join(", ")),
                    ),
                };
                pick(
                    lang,
                    Text::new(format!("udgaven \"{name}\" findes ikke")).hint(da),
                    Text::new(format!("the edition \"{name}\" does not exist")).hint(en),
                )
            }
            EditionBoxEmpty => pick(
                lang,
                Text::new("boksen [!KUN] siger ikke, hvilke udgaver den er til")
                    .hint("skriv udgaverne efter kolon, fx > [!KUN: intern] eller > [!KUN: intern, forældre]"),
                Text::new("the box [!KUN] does not say which editions it is for")
                    .hint("write the editions after a colon, e.g. > [!KUN: intern] or > [!KUN: intern, forældre]"),
            ),
            LeftOutOfEdition { reference, edition } => pick(
                lang,
                Text::new(format!("siden {reference} er ikke med i udgaven \"{edition}\", men denne side henviser til den i den udgave"))
                    .hint(format!("læg henvisningen i en boks > [!KUN: …] for de udgaver, siden er med i, begræns også denne side med udgaver = [...], eller tag \"{edition}\" med i siden {reference}s udgaver")),
                Text::new(format!("the page {reference} is not in the edition \"{edition}\", but this page refers to it in that edition"))
                    .hint(format!("put the reference in a box > [!KUN: …] for the editions the page is in, limit this page too with udgaver = [...], or add \"{edition}\" to the editions of {reference}")),
            ),
            EditionBoxBroken => pick(
                lang,
                Text::new("boksen ligner [!KUN: …], men kan ikke læses, så den er taget ud af alle udgaver")
                    .hint("skriv den som > [!KUN: intern] alene på boksens første linje: kolon efter KUN, udgaverne adskilt med komma, og ] til sidst"),
                Text::new("the box looks like [!KUN: …] but cannot be read, so it is left out of every edition")
                    .hint("write it as > [!KUN: intern] alone on the box's first line: a colon after KUN, the editions separated by commas, and ] at the end"),
            ),
            WorkshopTime { written, fault } => {
                let (da, en) = match fault {
                    TimeFault::Unreadable => ("er ikke to klokkeslæt", "is not two times of day"),
                    TimeFault::NoEnd => ("har kun et starttidspunkt", "has only a start"),
                    TimeFault::EndFirst => ("slutter ikke efter, den begynder", "does not end after it starts"),
                };
                pick(
                    lang,
                    Text::new(format!("workshoppens tid \"{written}\" {da}"))
                        .hint("skriv start og slut med punktum eller kolon, fx tid = \"9.00-11.30\" eller tid = \"13:00-15:30\""),
                    Text::new(format!("the workshop's time \"{written}\" {en}"))
                        .hint("write the start and the end, e.g. tid = \"9.00-11.30\" or tid = \"13:00-15:30\""),
                )
            }
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<ContentProblem> {
    use ContentProblem::*;
    let s = || "x".to_string();
    vec![
        NotUtf8,
        MissingTitle,
        FenceNotAlone,
        FrontMatterUnclosed,
        FrontMatterToml {
            mistake: TomlMistake::Settings { da: s(), en: s() },
        },
        LooksLikeBooks { name: s() },
        BookTomlOutside,
        AddressTaken {
            url: s(),
            other: s(),
        },
        NoAddress,
        AddressReserved { url: s(), by: s() },
        PrivateReference {
            field: s(),
            reference: s(),
        },
        MissingPage {
            field: s(),
            reference: s(),
            key: s(),
        },
        UnknownTaxonomy {
            key: s(),
            known: vec![s()],
        },
        MissingAnchor {
            anchor: s(),
            page: s(),
            known: s(),
        },
        MissingAnchor {
            anchor: s(),
            page: s(),
            known: String::new(),
        },
        UnknownEdition {
            name: s(),
            known: vec![s()],
            nearest: Some(s()),
        },
        UnknownEdition {
            name: s(),
            known: vec![s()],
            nearest: None,
        },
        UnknownEdition {
            name: s(),
            known: vec![],
            nearest: None,
        },
        EditionBoxEmpty,
        LeftOutOfEdition {
            reference: s(),
            edition: s(),
        },
        EditionBoxBroken,
        WorkshopTime {
            written: s(),
            fault: TimeFault::Unreadable,
        },
        WorkshopTime {
            written: s(),
            fault: TimeFault::NoEnd,
        },
        WorkshopTime {
            written: s(),
            fault: TimeFault::EndFirst,
        },
    ]
    .into_iter()
    .chain(
        super::toml_mistake::samples()
            .into_iter()
            .map(|mistake| FrontMatterToml { mistake }),
    )
    .collect()
}
