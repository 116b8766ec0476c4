//! Problems with books: a child's `bog.toml` and chapters, consent to hand a book over, making a
//! new book, and compendiums.

use super::toml_mistake::{Area, TomlMistake};
use super::{pick, Catalogued, Code, Severity, Text};
use crate::text::i18n::Language;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookProblem {
    /// `bog.toml` or a chapter's front matter is not valid TOML, or has a wrong field.
    BookToml {
        mistake: TomlMistake,
    },
    /// A book with no text and no photos.
    NothingToPrint {
        slug: String,
    },
    /// A path in `bog.toml` that leads out of the book's folder.
    PathOutside {
        name: String,
    },
    /// A photo named in `bog.toml` that does not exist (`path`: where it was looked for).
    PhotoMissing {
        name: String,
        path: String,
    },
    /// `--overgang` to someone without a consent in `bog.toml` (`known`: who has one).
    NoConsent {
        recipient: String,
        known: Vec<String>,
    },
    ConsentUnknownChapter {
        recipient: String,
        chapter: String,
        chapters: Vec<String>,
    },
    ConsentNoChapters {
        recipient: String,
    },
    /// `--overgang` with a compendium.
    HandoverOfCompendium,
    /// `bogbinder book x` with no book or compendium `x` (`known`: the books there are).
    UnknownBook {
        name: String,
        known: Vec<String>,
    },
    /// Books written into the handbook's output.
    BooksInHandbookOutput {
        out: String,
    },
    /// `bogbinder new bog` with a name that gives no folder name.
    BadName {
        name: String,
    },
    QuoteInName,
    /// A shortcut on the way to the new book's folder.
    LinkOnTheWay {
        link: String,
    },
    BookExists {
        slug: String,
    },
    /// A compendium naming a page that does not exist.
    CompendiumMissingPage {
        compendium: String,
        page: String,
    },
    CompendiumEmpty {
        compendium: String,
    },
    /// A consent dated after today: it is not given yet.
    ConsentInFuture {
        recipient: String,
        date: String,
    },
    /// A child of 12 or more (by `foedt`) whose own yes is missing from the consent.
    ConsentWithoutChild {
        recipient: String,
        age: u16,
    },
    /// `--log` with a compendium: only a child's book records its copies.
    LogOfCompendium,
    /// A compendium's edition would be written where the child's book of that name is written
    /// (`<navn>-underviser`): the compendium's folder would take the child's archive copies.
    CompendiumOverChildsBook {
        slug: String,
    },
    /// `laeser` in `bog.toml` is neither "barn" nor "ung".
    UnknownReader {
        value: String,
    },
    /// A date in the editing desk's book settings that is no date (`field` as in `bog.toml`).
    FormNotADate {
        field: String,
        value: String,
    },
    /// A field of the book settings that must be filled in, left empty.
    FormFieldMissing {
        field: String,
    },
    /// A new chapter order that does not name exactly the book's chapters (they changed since
    /// the desk showed them).
    ChapterOrderStale {
        missing: Vec<String>,
        unknown: Vec<String>,
    },
    /// `bog.toml` written in a way the desk cannot edit without changing it (TOML the book reads
    /// but the editor does not).
    SettingsNotEditable,
    /// A colour in `[design]` that is not `#rrggbb`.
    DesignBadColour {
        colour: String,
    },
    /// A font in `[design]` that the book does not have.
    DesignUnknownFont {
        font: String,
        fonts: Vec<String>,
    },
    /// A size in `[design]` outside what can be read or printed.
    DesignOutOfRange {
        key: String,
        value: String,
        min: String,
        max: String,
    },
    /// `--udfyld` with a compendium: only a child's book has pages to fill in by hand.
    FillInOfCompendium,
    /// An image in a book's chapter without words (`![](foto.jpg)`): a warning.
    ImageWithoutWords {
        image: String,
    },
    /// `--underviser` with a child's book: only a course's compendium has a trainer edition.
    TrainerOfChildsBook,
    /// The handbook has more pages than `pdf_max_sider`: its PDF is written as volumes (a warning).
    HandbookPdfInVolumes {
        pages: usize,
        max: usize,
        volumes: usize,
        first: String,
    },
}

impl Catalogued for BookProblem {
    fn code(&self) -> Code {
        use BookProblem::*;
        Code::new(match self {
            BookToml { mistake } => mistake.code(Area::Book).unwrap_or("B001"),
            NothingToPrint { .. } => "B002",
            PathOutside { .. } => "B003",
            PhotoMissing { .. } => "B004",
            NoConsent { .. } => "B005",
            ConsentUnknownChapter { .. } => "B006",
            ConsentNoChapters { .. } => "B007",
            HandoverOfCompendium => "B008",
            UnknownBook { .. } => "B009",
            BooksInHandbookOutput { .. } => "B010",
            BadName { .. } => "B011",
            QuoteInName => "B012",
            LinkOnTheWay { .. } => "B013",
            BookExists { .. } => "B014",
            CompendiumMissingPage { .. } => "B015",
            CompendiumEmpty { .. } => "B016",
            ConsentInFuture { .. } => "B095",
            ConsentWithoutChild { .. } => "B096",
            LogOfCompendium => "B097",
            CompendiumOverChildsBook { .. } => "B090",
            UnknownReader { .. } => "B030",
            FormNotADate { .. } => "B110",
            FormFieldMissing { .. } => "B111",
            ChapterOrderStale { .. } => "B112",
            SettingsNotEditable => "B113",
            DesignBadColour { .. } => "B040",
            DesignUnknownFont { .. } => "B041",
            DesignOutOfRange { .. } => "B042",
            FillInOfCompendium => "B043",
            ImageWithoutWords { .. } => "B044",
            HandbookPdfInVolumes { .. } => "B045",
            TrainerOfChildsBook => "B150",
        })
    }

    fn severity(&self) -> Severity {
        match self {
            BookProblem::BookToml { mistake } if mistake.is_warning() => Severity::Warning,
            BookProblem::ImageWithoutWords { .. } | BookProblem::HandbookPdfInVolumes { .. } => {
                Severity::Warning
            }
            _ => Severity::Error,
        }
    }

    fn text(&self, lang: Language) -> Text {
        self.book_text(lang)
            .unwrap_or_else(|| self.command_text(lang))
    }
}

impl BookProblem {
    /// Problems in a book's files; `None` for those of a command (`command_text`).
    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
    fn book_text(&self, lang: Language) -> Option<Text> {
        use BookProblem::*;
        Some(match self {
            BookToml { mistake } => mistake.text(lang),
            NothingToPrint { slug } => pick(
                lang,
                Text::new(format!("bogen {slug} har endnu ingen tekst eller billeder, så der er intet at trykke")).hint(
                    "skriv svar i kapitlerne (spørgsmålene i <!-- --> bliver ikke trykt), eller tilføj [[minder]] i bog.toml",
                ),
                Text::new(format!("the book {slug} has no text or photos yet, so there is nothing to print")).hint(
                    "write answers in the chapters (the questions in <!-- --> are not printed), or add [[minder]] in bog.toml",
                ),
            ),
            PathOutside { name } => pick(
                lang,
                Text::new(format!("stien \"{name}\" peger uden for bogens mappe"))
                    .hint("læg billedet i bogens mappe billeder/ og skriv fx \"billeder/sommer.jpg\""),
                Text::new(format!("the path \"{name}\" points outside the book's folder"))
                    .hint("put the photo in the book's folder billeder/ and write e.g. \"billeder/sommer.jpg\""),
            ),
            PhotoMissing { name, path } => pick(
                lang,
                Text::new(format!("billedet \"{name}\" findes ikke ({path})")).hint(
                    "læg billedet i bogens mappe billeder/, eller ret navnet; store og små bogstaver tæller",
                ),
                Text::new(format!("the photo \"{name}\" does not exist ({path})")).hint(
                    "put the photo in the book's folder billeder/, or fix the name; upper and lower case count",
                ),
            ),
            NoConsent { recipient, known } => pick(
                lang,
                Text::new(format!("der er intet samtykke til at give bogen til \"{recipient}\", så overgangsudgaven bliver ikke lavet"))
                    .hint(if known.is_empty() {
                        "bogen må kun gives videre med forældrenes samtykke: skriv et [[samtykker]] i bog.toml med givet_af, modtager, dato og kapitler (se VEJLEDNING.md eller kør `bogbinder vejledning`)".to_string()
                    } else {
                        format!("der er samtykke til: {}. Skal bogen til en anden, skal samtykket skrives i bog.toml først", known.join(", "))
                    }),
                Text::new(format!("there is no consent to give the book to \"{recipient}\", so the handover edition is not made"))
                    .hint(if known.is_empty() {
                        "the book may only be handed over with the parents' consent: write a [[samtykker]] in bog.toml with givet_af, modtager, dato and kapitler (see VEJLEDNING.md or run `bogbinder vejledning`)".to_string()
                    } else {
                        format!("there is consent for: {}. For anyone else, the consent must be written in bog.toml first", known.join(", "))
                    }),
            ),
            ConsentUnknownChapter { recipient, chapter, chapters } => pick(
                lang,
                Text::new(format!("samtykket til {recipient} nævner kapitlet \"{chapter}\", som ikke findes"))
                    .hint(format!("kapitlerne hedder: {}", chapters.join(", "))),
                Text::new(format!("the consent for {recipient} names the chapter \"{chapter}\", which does not exist"))
                    .hint(format!("the chapters are: {}", chapters.join(", "))),
            ),
            ConsentNoChapters { recipient } => pick(
                lang,
                Text::new(format!("samtykket til {recipient} dækker ingen kapitler")).hint(
                    "skriv de kapitler, forældrene har sagt ja til, fx kapitler = [\"alt-om-mig\", \"skolen\"]",
                ),
                Text::new(format!("the consent for {recipient} covers no chapters")).hint(
                    "write the chapters the parents said yes to, e.g. kapitler = [\"alt-om-mig\", \"skolen\"]",
                ),
            ),
            CompendiumMissingPage { compendium, page } => pick(
                lang,
                Text::new(format!("kompendiet \"{compendium}\" nævner {page}, som ikke findes"))
                    .hint("skriv sider som \"@/metoder/barnets-stemme.md\" (stien i content/)"),
                Text::new(format!("the compendium \"{compendium}\" names {page}, which does not exist"))
                    .hint("write pages as \"@/metoder/barnets-stemme.md\" (the path in content/)"),
            ),
            CompendiumEmpty { compendium } => pick(
                lang,
                Text::new(format!("kompendiet \"{compendium}\" har ingen sider")).hint(
                    "skriv pages = [\"@/metoder/...md\"] eller kursus = \"@/kurser/...md\" under [[kompendier]] i bogbinder.toml",
                ),
                Text::new(format!("the compendium \"{compendium}\" has no pages")).hint(
                    "write pages = [\"@/metoder/...md\"] or kursus = \"@/kurser/...md\" under [[kompendier]] in bogbinder.toml",
                ),
            ),
            ConsentInFuture { recipient, date } => pick(
                lang,
                Text::new(format!("samtykket til {recipient} er dateret {date}, som ikke er kommet endnu, så overgangsudgaven bliver ikke lavet"))
                    .hint("et samtykke gælder først, når det er givet: ret datoen til den dag, forældrene sagde ja, eller vent til den dag"),
                Text::new(format!("the consent for {recipient} is dated {date}, which has not come yet, so the handover edition is not made"))
                    .hint("a consent counts only once it is given: correct the date to the day the parents said yes, or wait until that day"),
            ),
            ConsentWithoutChild { recipient, age } => pick(
                lang,
                Text::new(format!("barnet er {age} år (foedt i bog.toml), og samtykket til {recipient} mangler barnets eget ja, så overgangsudgaven bliver ikke lavet"))
                    .hint("fra 12 år skal barnet selv sige ja: tal med barnet, og skriv barnet_siger_ja = true i samtykket, når barnet har sagt ja"),
                Text::new(format!("the child is {age} (foedt in bog.toml), and the consent for {recipient} lacks the child's own yes, so the handover edition is not made"))
                    .hint("from 12, the child must say yes too: talk with the child, and write barnet_siger_ja = true in the consent once the child has said yes"),
            ),
            FormNotADate { field, value } => pick(
                lang,
                Text::new(format!("\"{value}\" i feltet {field} er ikke en dato, så indstillingerne blev ikke gemt"))
                    .hint("vælg datoen i kalenderen, eller skriv den som år-måned-dag, fx 2026-02-03"),
                Text::new(format!("\"{value}\" in the field {field} is not a date, so the settings were not saved"))
                    .hint("pick the date in the calendar, or write it as year-month-day, e.g. 2026-02-03"),
            ),
            FormFieldMissing { field } => pick(
                lang,
                Text::new(format!("feltet {field} skal udfyldes, så indstillingerne blev ikke gemt"))
                    .hint("skriv noget i feltet, eller fjern hele rækken, hvis den ikke skal bruges"),
                Text::new(format!("the field {field} must be filled in, so the settings were not saved"))
                    .hint("write something in the field, or remove the whole row if it is not needed"),
            ),
            ChapterOrderStale { missing, unknown } => pick(
                lang,
                Text::new("kapitlerne er ændret, siden skrivebordet viste dem, så rækkefølgen blev ikke ændret")
                    .hint(format!(
                        "hent bogen igen, og flyt kapitlerne igen{}{}",
                        if missing.is_empty() { String::new() } else { format!("; nye kapitler: {}", missing.join(", ")) },
                        if unknown.is_empty() { String::new() } else { format!("; kapitler, der ikke findes mere: {}", unknown.join(", ")) },
                    )),
                Text::new("the chapters changed since the desk showed them, so the order was not changed")
                    .hint(format!(
                        "load the book again and move the chapters again{}{}",
                        if missing.is_empty() { String::new() } else { format!("; new chapters: {}", missing.join(", ")) },
                        if unknown.is_empty() { String::new() } else { format!("; chapters that no longer exist: {}", unknown.join(", ")) },
                    )),
            ),
            SettingsNotEditable => pick(
                lang,
                Text::new("bog.toml er skrevet på en måde, skrivebordet ikke kan rette i uden at ændre resten, så indstillingerne blev ikke gemt")
                    .hint("ret bog.toml i en teksteditor, fx så hver tabel i { } står på én linje; bogen selv kan stadig laves"),
                Text::new("bog.toml is written in a way the desk cannot edit without changing the rest, so the settings were not saved")
                    .hint("edit bog.toml in a text editor, e.g. with each table in { } on one line; the book itself can still be made"),
            ),
            _ => return None,
        })
    }

    /// Problems with how a book command was given.
    fn command_text(&self, lang: Language) -> Text {
        use BookProblem::*;
        match self {
            HandoverOfCompendium => pick(
                lang,
                Text::new("--overgang kan kun bruges til et barns bog, ikke til et kompendium")
                    .hint("fjern --overgang, eller skriv navnet på et barns bog"),
                Text::new("--overgang can only be used for a child's book, not for a compendium")
                    .hint("remove --overgang, or give the name of a child's book"),
            ),
            UnknownBook { name, known } => pick(
                lang,
                Text::new(format!("der er ingen bog, der hedder \"{name}\" (hverken content/boeger/{name}/bog.toml eller et kompendium)"))
                    .hint(if known.is_empty() {
                        "lav en bog med `bogbinder new bog \"Navn\"`, eller skriv et [[kompendier]] i bogbinder.toml".to_string()
                    } else {
                        format!("bøgerne i projektet er: {}", known.join(", "))
                    }),
                Text::new(format!("there is no book called \"{name}\" (neither content/boeger/{name}/bog.toml nor a compendium)"))
                    .hint(if known.is_empty() {
                        "make a book with `bogbinder new bog \"Name\"`, or write a [[kompendier]] in bogbinder.toml".to_string()
                    } else {
                        format!("the books in the project are: {}", known.join(", "))
                    }),
            ),
            BooksInHandbookOutput { out } => pick(
                lang,
                Text::new(format!("bøger må ikke skrives i håndbogens outputmappe ({out})")).hint(
                    "håndbogens output kan blive lagt på intranettet, og et barns bog er privat; sæt books_dir = \"boeger-output\" i bogbinder.toml",
                ),
                Text::new(format!("books must not be written into the handbook's output folder ({out})")).hint(
                    "the handbook's output may be put on the intranet, and a child's book is private; set books_dir = \"boeger-output\" in bogbinder.toml",
                ),
            ),
            BadName { name } => pick(
                lang,
                Text::new(format!("\"{name}\" kan ikke bruges som navn på en bog"))
                    .hint("brug et navn med bogstaver, fx bogbinder new bog \"Emma\""),
                Text::new(format!("\"{name}\" cannot be used as the name of a book"))
                    .hint("use a name with letters, e.g. bogbinder new bog \"Emma\""),
            ),
            QuoteInName => pick(
                lang,
                Text::new("navnet må ikke indeholde anførselstegn")
                    .hint("skriv navnet uden \", fx bogbinder new bog \"Emma\""),
                Text::new("the name must not contain quotes")
                    .hint("write the name without \", e.g. bogbinder new bog \"Emma\""),
            ),
            LinkOnTheWay { link } => pick(
                lang,
                Text::new(format!("{link} er en genvej (symbolsk link), så bogen laves ikke; intet blev ændret"))
                    .hint("bogbinder følger aldrig genveje; læg selve mappen i projektet, og slet genvejen"),
                Text::new(format!("{link} is a shortcut (symbolic link), so the book is not made; nothing was changed"))
                    .hint("bogbinder never follows shortcuts; put the folder itself in the project, and delete the shortcut"),
            ),
            BookExists { slug } => pick(
                lang,
                Text::new(format!("der findes allerede en bog i content/boeger/{slug}/; intet blev ændret"))
                    .hint("vælg et andet navn, fx med efternavnets forbogstav: bogbinder new bog \"Emma B\""),
                Text::new(format!("there is already a book in content/boeger/{slug}/; nothing was changed"))
                    .hint("choose another name, e.g. with the surname's initial: bogbinder new bog \"Emma B\""),
            ),
            LogOfCompendium => pick(
                lang,
                Text::new("--log kan kun bruges til et barns bog, ikke til et kompendium")
                    .hint("skriv navnet på et barns bog, fx bogbinder book emma --log"),
                Text::new("--log can only be used for a child's book, not for a compendium")
                    .hint("give the name of a child's book, e.g. bogbinder book emma --log"),
            ),
            CompendiumOverChildsBook { slug } => pick(
                lang,
                Text::new(format!("kompendiet skal skrives i {slug}/, men et barns bog hedder {slug}, og dens mappe må ikke blandes med et kompendium"))
                    .hint("giv kompendiet et andet name i [[kompendier]] i bogbinder.toml, så dets udgaver får deres egne mapper"),
                Text::new(format!("the compendium is to be written to {slug}/, but a child's book is called {slug}, and its folder must not be mixed with a compendium"))
                    .hint("give the compendium another name in [[kompendier]] in bogbinder.toml, so its editions get folders of their own"),
            ),
            UnknownReader { value } => pick(
                lang,
                Text::new(format!("laeser = \"{value}\" kendes ikke"))
                    .hint("skriv laeser = \"barn\" (ca. 6-11 år: stor, rund skrift og farver) eller laeser = \"ung\" (ca. 12-18 år: roligere, mere tekst)"),
                Text::new(format!("laeser = \"{value}\" is not known"))
                    .hint("write laeser = \"barn\" (about 6-11: large rounded type and colours) or laeser = \"ung\" (about 12-18: calmer, more text)"),
            ),
            DesignBadColour { colour } => pick(
                lang,
                Text::new(format!("\"{colour}\" i [design] er ikke en farve, bogbinder kan læse"))
                    .hint("skriv farven som # og seks tegn 0-9 og a-f, fx \"#e4572e\" (rød) eller \"#2e86ab\" (blå)"),
                Text::new(format!("\"{colour}\" in [design] is not a colour bogbinder can read"))
                    .hint("write the colour as # and six characters 0-9 and a-f, e.g. \"#e4572e\" (red) or \"#2e86ab\" (blue)"),
            ),
            DesignUnknownFont { font, fonts } => pick(
                lang,
                Text::new(format!("skriften \"{font}\" i [design] findes ikke i bogbinder"))
                    .hint(format!("vælg en af disse: {}", fonts.join(", "))),
                Text::new(format!("the font \"{font}\" in [design] is not in bogbinder"))
                    .hint(format!("choose one of these: {}", fonts.join(", "))),
            ),
            DesignOutOfRange { key, value, min, max } => pick(
                lang,
                Text::new(format!("{key} = {value} i [design] er uden for det, der kan læses og trykkes"))
                    .hint(format!("skriv et tal fra {min} til {max}")),
                Text::new(format!("{key} = {value} in [design] is outside what can be read and printed"))
                    .hint(format!("write a number from {min} to {max}")),
            ),
            FillInOfCompendium => pick(
                lang,
                Text::new("--udfyld er til et barns bog, ikke til et kompendium; intet blev lavet")
                    .hint("skriv navnet på et barns bog, fx bogbinder book emma --udfyld, eller byg kompendiet uden --udfyld"),
                Text::new("--udfyld is for a child's book, not for a compendium; nothing was made")
                    .hint("give the name of a child's book, e.g. bogbinder book emma --udfyld, or build the compendium without --udfyld"),
            ),
            ImageWithoutWords { image } => pick(
                lang,
                Text::new(format!("billedet {image} har ingen ord mellem [ og ]; i arkivkopien og for en skærmlæser hedder det bare \"Billede\""))
                    .hint(format!("skriv, hvad billedet viser, fx ![Mig og min hest]({image})")),
                Text::new(format!("the image {image} has no words between [ and ]; in the archive copy and for a screen reader it is just \"Billede\""))
                    .hint(format!("write what the image shows, e.g. ![Me and my horse]({image})")),
            ),
            HandbookPdfInVolumes { pages, max, volumes, first } => pick(
                lang,
                Text::new(format!("håndbogen har {pages} sider, flere end de {max}, der kommer i én PDF (pdf_max_sider); den skrives som {volumes} bind: {first} og de følgende"))
                    .hint(format!("det er i orden; vil du have én PDF, så skriv fx pdf_max_sider = {pages} i bogbinder.toml (det kræver omkring 1 MB hukommelse pr. side)")),
                Text::new(format!("the handbook has {pages} pages, more than the {max} that go into one PDF (pdf_max_sider); it is written as {volumes} volumes: {first} and those after it"))
                    .hint(format!("that is fine; for one PDF, write e.g. pdf_max_sider = {pages} in bogbinder.toml (it takes about 1 MB of memory a page)")),
            ),
            TrainerOfChildsBook => pick(
                lang,
                Text::new("--underviser kan kun bruges til et kompendium, ikke til et barns bog")
                    .hint("skriv navnet på et kompendium fra bogbinder.toml, fx bogbinder book ambassadoerkursus --underviser"),
                Text::new("--underviser can only be used for a compendium, not for a child's book")
                    .hint("give the name of a compendium in bogbinder.toml, e.g. bogbinder book ambassadoerkursus --underviser"),
            ),
            // Every other variant has its words in `book_text`.
            _ => pick(lang, Text::new("bogen kan ikke laves"), Text::new("the book cannot be made")),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<BookProblem> {
    use BookProblem::*;
    let s = || "x".to_string();
    vec![
        BookToml {
            mistake: TomlMistake::Settings { da: s(), en: s() },
        },
        NothingToPrint { slug: s() },
        PathOutside { name: s() },
        PhotoMissing {
            name: s(),
            path: s(),
        },
        NoConsent {
            recipient: s(),
            known: vec![],
        },
        NoConsent {
            recipient: s(),
            known: vec![s()],
        },
        ConsentUnknownChapter {
            recipient: s(),
            chapter: s(),
            chapters: vec![s()],
        },
        ConsentNoChapters { recipient: s() },
        HandoverOfCompendium,
        UnknownBook {
            name: s(),
            known: vec![],
        },
        UnknownBook {
            name: s(),
            known: vec![s()],
        },
        BooksInHandbookOutput { out: s() },
        BadName { name: s() },
        QuoteInName,
        LinkOnTheWay { link: s() },
        BookExists { slug: s() },
        CompendiumMissingPage {
            compendium: s(),
            page: s(),
        },
        CompendiumEmpty { compendium: s() },
        ConsentInFuture {
            recipient: s(),
            date: s(),
        },
        ConsentWithoutChild {
            recipient: s(),
            age: 12,
        },
        LogOfCompendium,
        CompendiumOverChildsBook { slug: s() },
        UnknownReader { value: s() },
        FormNotADate {
            field: s(),
            value: s(),
        },
        FormFieldMissing { field: s() },
        ChapterOrderStale {
            missing: vec![s()],
            unknown: vec![s()],
        },
        ChapterOrderStale {
            missing: vec![],
            unknown: vec![],
        },
        SettingsNotEditable,
        DesignBadColour { colour: s() },
        DesignUnknownFont {
            font: s(),
            fonts: vec![s()],
        },
        DesignOutOfRange {
            key: s(),
            value: s(),
            min: s(),
            max: s(),
        },
        FillInOfCompendium,
        ImageWithoutWords { image: s() },
        HandbookPdfInVolumes {
            pages: 2,
            max: 1,
            volumes: 2,
            first: s(),
        },
        TrainerOfChildsBook,
    ]
    .into_iter()
    .chain(
        super::toml_mistake::samples()
            .into_iter()
            .map(|mistake| BookToml { mistake }),
    )
    .collect()
}
