//! Problems in the Markdown text itself: links and images that lead nowhere, or somewhere they
//! must not, and pages a compendium names. Box markers never fail: an unknown marker is a quote,
//! with a warning (M150).

use super::{Catalogued, Code, Severity, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkdownProblem {
    /// `/x.png`: a path from the server's root, which breaks when the output is opened as files.
    RootAbsolute { dest: String },
    /// A path that climbs out of `content/` with `..`.
    OutsideContent { dest: String },
    /// A handbook link or image into a child's book.
    IntoChildsBook { dest: String },
    /// A link to a page that does not exist; `key` is its path in `content/`.
    MissingPage {
        dest: String,
        key: String,
        nearest: Nearest,
    },
    /// A link or image to a file that does not exist; `key` is its path in `content/`; `meant`
    /// the nearest file that does, written as the link would name it.
    MissingFile {
        dest: String,
        key: String,
        meant: Option<String>,
    },
    /// A book's image on the web.
    ImageOnWeb { dest: String },
    /// A book's image written as something that is not a file (`data:`, `mailto:`).
    ImageNotAFile { dest: String },
    /// A book's image path that leaves the book's folder.
    ImageOutsideBook { dest: String },
    /// A book's image that does not exist; `meant` the nearest that does.
    ImageMissing { dest: String, meant: Option<String> },
    /// `![..](..)` or `[..](..)` that Markdown left as text (a line break or an unbalanced
    /// parenthesis in the path): it would be printed as written.
    LeftAsText { written: String },
    /// A box marker naming no known kind (`[!GODE IDEER]`, `[!UNDERVISSER]`): printed as a plain
    /// quote, marker and all, to every reader; `nearest` is the known marker nearest to it.
    UnknownBox { written: String, nearest: String },
    /// A mistake in a form (a ```` ```skema ```` block): `M13x`.
    Form(super::FormMistake),
    /// A box of no known kind nearest to `[!UNDERVISER]` (`[!UNDERVISSER]`) in a compendium's
    /// participant edition: most likely a trainer's note, which must not reach the participants.
    TrainerBoxMisspelt { written: String },
}

/// What to suggest for a link to a page that does not exist: a page of the user's own project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nearest {
    /// A page whose path is close to what was written (a typo, another case).
    Meant(String),
    /// Nothing close: a page of the project, to show how a link is written.
    Example(String),
    /// The project has no pages to name.
    Nothing,
}

impl Catalogued for MarkdownProblem {
    fn code(&self) -> Code {
        use MarkdownProblem::*;
        match self {
            RootAbsolute { .. } => Code::new("M001"),
            OutsideContent { .. } => Code::new("M002"),
            IntoChildsBook { .. } => Code::new("M003"),
            MissingPage { .. } => Code::new("M004"),
            MissingFile { .. } => Code::new("M005"),
            ImageOnWeb { .. } => Code::new("M006"),
            ImageNotAFile { .. } => Code::new("M007"),
            ImageOutsideBook { .. } => Code::new("M008"),
            ImageMissing { .. } => Code::new("M009"),
            LeftAsText { .. } => Code::new("M050"),
            UnknownBox { .. } => Code::new("M150"),
            Form(m) => m.code(),
            TrainerBoxMisspelt { .. } => Code::new("M170"),
        }
    }

    fn severity(&self) -> Severity {
        match self {
            MarkdownProblem::LeftAsText { .. } | MarkdownProblem::UnknownBox { .. } => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    fn text(&self, lang: Language) -> Text {
        match lang {
            Language::Da => self.danish(),
            Language::En => self.english(),
        }
    }
}

impl MarkdownProblem {
    fn danish(&self) -> Text {
        use MarkdownProblem::*;
        match self {
            RootAbsolute { dest } => Text::new(format!("stien \"{dest}\" begynder med /, så den virker ikke, når håndbogen åbnes fra en mappe"))
                .hint("skriv en henvisning til en side som @/mappe/side.md, eller en sti i forhold til siden selv"),
            OutsideContent { dest } => Text::new(format!("stien \"{dest}\" peger uden for projektets content-mappe"))
                .hint("læg filen i content/ og henvis til den derfra; bogbinder læser aldrig uden for projektet"),
            IntoChildsBook { dest } => Text::new(format!("\"{dest}\" peger ind i et barns bog, som er privat"))
                .hint("et barns bog må aldrig vises i håndbogen; fjern henvisningen"),
            MissingPage { dest, key, nearest } => Text::new(format!("henvisningen \"{dest}\" peger på en side, der ikke findes (content/{key})"))
                .hint(match nearest {
                    Nearest::Meant(p) => format!("mente du {p}? ret stien, så den svarer til en fil i content/"),
                    Nearest::Example(p) => format!("ret stien, så den svarer til en fil i content/, fx {p}"),
                    Nearest::Nothing => "ret stien, så den svarer til en fil i content/: @/mappe/side.md er content/mappe/side.md".to_string(),
                }),
            MissingFile { dest, key, meant } => Text::new(format!("filen \"{dest}\" findes ikke (content/{key})"))
                .hint(match meant {
                    Some(m) => format!("mente du {m}? store og små bogstaver tæller"),
                    None => "læg filen i mappen, eller ret stien; store og små bogstaver tæller".to_string(),
                }),
            ImageOnWeb { dest } => Text::new(format!("billedet \"{dest}\" ligger på nettet"))
                .hint("bogbinder henter aldrig noget fra nettet; gem billedet i bogens mappe billeder/ og henvis til det derfra"),
            ImageNotAFile { dest } => Text::new(format!("billedet \"{dest}\" er ikke en fil"))
                .hint("gem billedet i bogens mappe billeder/ og skriv fx ![Sommerferie](billeder/sommer.jpg)"),
            ImageOutsideBook { dest } => Text::new(format!("billedstien \"{dest}\" peger uden for bogens mappe"))
                .hint("læg billedet i billeder/ og skriv fx ![Sommerferie](billeder/sommer.jpg)"),
            ImageMissing { dest, meant } => Text::new(format!("billedet \"{dest}\" findes ikke"))
                .hint(match meant {
                    Some(m) => format!("mente du {m}? store og små bogstaver tæller"),
                    None => "læg billedet i mappen, eller ret stien; store og små bogstaver tæller".to_string(),
                }),
            LeftAsText { written } => Text::new(format!("\"{written}\" bliver vist som tekst, ikke som billede eller henvisning"))
                .hint("skriv ![tekst](sti) på én linje, uden linjeskift i stien; har stien en parentes, så sæt den i <>: ![tekst](<billeder/a (1).jpg>)"),
            UnknownBox { written, nearest } => Text::new(format!("bogbinder kender ikke boksen [!{written}], så den bliver vist som et almindeligt citat for alle læsere"))
                .hint(format!("mente du [!{nearest}]? De kendte bokse er {}", crate::text::dialect::BoxKind::MARKERS.join(", "))),
            Form(m) => m.text(Language::Da),
            TrainerBoxMisspelt { written } => Text::new(format!("boksen [!{written}] ligner en note til underviseren, så deltagernes kompendium bliver ikke lavet: med den stavemåde ville noten blive trykt til deltagerne"))
                .hint("skriv [!UNDERVISER], så noten kun kommer med i underviserens udgave (--underviser); er boksen til deltagerne, så brug en anden boks, fx [!FAKTA]"),
        }
    }

    fn english(&self) -> Text {
        use MarkdownProblem::*;
        match self {
            RootAbsolute { dest } => Text::new(format!("the path \"{dest}\" starts with /, so it breaks when the handbook is opened from a folder"))
                .hint("link to a page as @/folder/page.md, or write the path relative to the page itself"),
            OutsideContent { dest } => Text::new(format!("the path \"{dest}\" leads outside the project's content folder"))
                .hint("put the file in content/ and link to it there; bogbinder never reads outside the project"),
            IntoChildsBook { dest } => Text::new(format!("\"{dest}\" leads into a child's book, which is private"))
                .hint("a child's book must never be shown in the handbook; remove the link"),
            MissingPage { dest, key, nearest } => Text::new(format!("the link \"{dest}\" leads to a page that does not exist (content/{key})"))
                .hint(match nearest {
                    Nearest::Meant(p) => format!("did you mean {p}? correct the path to match a file in content/"),
                    Nearest::Example(p) => format!("correct the path to match a file in content/, e.g. {p}"),
                    Nearest::Nothing => "correct the path to match a file in content/: @/folder/page.md is content/folder/page.md".to_string(),
                }),
            MissingFile { dest, key, meant } => Text::new(format!("the file \"{dest}\" does not exist (content/{key})"))
                .hint(match meant {
                    Some(m) => format!("did you mean {m}? upper and lower case matter"),
                    None => "put the file in the folder, or correct the path; upper and lower case matter".to_string(),
                }),
            ImageOnWeb { dest } => Text::new(format!("the image \"{dest}\" is on the web"))
                .hint("bogbinder never fetches anything from the web; save the image in the book's folder billeder/ and link to it there"),
            ImageNotAFile { dest } => Text::new(format!("the image \"{dest}\" is not a file"))
                .hint("save the image in the book's folder billeder/ and write e.g. ![Summer](billeder/summer.jpg)"),
            ImageOutsideBook { dest } => Text::new(format!("the image path \"{dest}\" leads outside the book's folder"))
                .hint("put the image in billeder/ and write e.g. ![Summer](billeder/summer.jpg)"),
            ImageMissing { dest, meant } => Text::new(format!("the image \"{dest}\" does not exist"))
                .hint(match meant {
                    Some(m) => format!("did you mean {m}? upper and lower case matter"),
                    None => "put the image in the folder, or correct the path; upper and lower case matter".to_string(),
                }),
            LeftAsText { written } => Text::new(format!("\"{written}\" is shown as text, not as an image or a link"))
                .hint("write ![text](path) on one line, without a line break in the path; if the path has a parenthesis, put it in <>: ![text](<billeder/a (1).jpg>)"),
            UnknownBox { written, nearest } => Text::new(format!("bogbinder does not know the box [!{written}], so it is shown as a plain quote to every reader"))
                .hint(format!("did you mean [!{nearest}]? The known boxes are {}", crate::text::dialect::BoxKind::MARKERS.join(", "))),
            Form(m) => m.text(Language::En),
            TrainerBoxMisspelt { written } => Text::new(format!("the box [!{written}] looks like a note for the trainer, so the participants' compendium is not made: spelt like that, the note would be printed for the participants"))
                .hint("write [!UNDERVISER], so the note is only in the trainer's edition (--underviser); if the box is for the participants, use another box, such as [!FAKTA]"),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<MarkdownProblem> {
    use MarkdownProblem::*;
    let dest = || "x.png".to_string();
    vec![
        RootAbsolute { dest: dest() },
        OutsideContent { dest: dest() },
        IntoChildsBook { dest: dest() },
        MissingPage {
            dest: dest(),
            key: "a.md".into(),
            nearest: Nearest::Meant("@/a.md".into()),
        },
        MissingFile {
            dest: dest(),
            key: "a.png".into(),
            meant: Some("X.png".into()),
        },
        ImageOnWeb { dest: dest() },
        ImageNotAFile { dest: dest() },
        ImageOutsideBook { dest: dest() },
        ImageMissing {
            dest: dest(),
            meant: None,
        },
        LeftAsText {
            written: "![a](x.png".into(),
        },
        UnknownBox {
            written: "GODE IDEER".into(),
            nearest: "GODE RÅD".into(),
        },
        TrainerBoxMisspelt {
            written: "UNDERVISSER".into(),
        },
    ]
    .into_iter()
    .chain(super::form::samples().into_iter().map(Form))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_every_problem_has_both_languages() {
        let all = samples();
        let mut codes: Vec<String> = all.iter().map(|p| p.code().to_string()).collect();
        assert!(codes.iter().all(|c| c.starts_with('M')), "{codes:?}");
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        // A form's mistakes name the field, not a path.
        for p in all
            .iter()
            .filter(|p| !matches!(p, MarkdownProblem::Form(_)))
        {
            let (da, en) = (p.text(Language::Da), p.text(Language::En));
            assert_ne!(da.message, en.message, "{p:?}");
            assert!(da.hint.is_some() && en.hint.is_some(), "{p:?}");
            assert!(
                da.message.contains("x.png")
                    || da.message.contains("@/a.md")
                    || da.message.contains("[!GODE IDEER]")
                    || da.message.contains("[!UNDERVISSER]"),
                "{p:?}"
            );
        }
    }
}
