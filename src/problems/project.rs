//! Problems with the project itself: `bogbinder.toml`, its folders and where output goes.

use super::toml_mistake::{Area, TomlMistake};
use super::{pick, Catalogued, Code, Severity, Text};
use crate::text::i18n::Language;

/// Why an output folder cannot be used: replacing it would destroy something of the user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputClash {
    ProjectFolder,
    AboveProject,
    InContent,
    InThemes,
    InCache,
    NotOurs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectProblem {
    /// There is no `content/` folder.
    NoContentFolder,
    /// `--root` names a folder without `bogbinder.toml`.
    NoConfig {
        root: String,
    },
    /// No `bogbinder.toml` here or in any folder above.
    NoConfigFound,
    /// `bogbinder.toml` is not valid TOML, or a field has the wrong name or kind.
    ConfigToml {
        mistake: TomlMistake,
    },
    TaxonomyName {
        name: String,
    },
    TaxonomyTwice {
        name: String,
    },
    ThemeNotFolderName {
        name: String,
    },
    CompendiumName {
        name: String,
    },
    /// The output folder would replace something of the user's.
    OutputUnusable {
        out: String,
        why: OutputClash,
    },
    /// The handbook output and the books' folder overlap.
    OutputsOverlap {
        out: String,
        books: String,
    },
    /// `bogbinder init` in a folder with a project.
    ProjectExists {
        dir: String,
    },
    /// `bogbinder init` would overwrite a file.
    InitFileExists {
        path: String,
    },
    /// `build` in a folder made for books only (`kun_boeger = true`): there is no handbook.
    BooksOnly {
        books: Vec<String>,
    },
    /// `bogbinder new metode "…"` would overwrite a page.
    PageExists {
        path: String,
    },
    /// `bogbinder new metode "…"` with a title that gives no file name.
    PageTitleUnusable {
        title: String,
    },
    /// `bogbinder new metode "…"`: a folder on the way is a symbolic link.
    PageLinkOnTheWay {
        link: String,
    },
    /// `base_url` is not a whole web address (`https://…`).
    BaseUrlNotAddress {
        value: String,
    },
    /// An edition's `navn` that cannot name a folder or be written in a box (`[!KUN: …]`).
    EditionName {
        name: String,
    },
    /// Two editions with one name (`Forældre` and `forældre` are one).
    EditionTwice {
        name: String,
        other: String,
    },
    /// An edition's `mappe` outside the project (absolute, or with `..`).
    EditionFolderOutside {
        name: String,
        folder: String,
    },
    /// Two editions' folders are one, or one lies inside the other.
    EditionFoldersOverlap {
        name: String,
        other: String,
        folder: String,
    },
}

fn clash_text(why: OutputClash, lang: Language) -> &'static str {
    use OutputClash::*;
    match (why, lang) {
        (ProjectFolder, Language::Da) => "det er selve projektmappen",
        (ProjectFolder, Language::En) => "it is the project folder itself",
        (AboveProject, Language::Da) => {
            "den ligger over projektmappen, og alt i den ville blive erstattet"
        }
        (AboveProject, Language::En) => {
            "it lies above the project folder, and everything in it would be replaced"
        }
        (InContent, Language::Da) => "den ligger i content/, hvor dine tekster er",
        (InContent, Language::En) => "it lies in content/, where your texts are",
        (InThemes, Language::Da) => "den ligger i themes/, hvor dine skabeloner er",
        (InThemes, Language::En) => "it lies in themes/, where your templates are",
        (InCache, Language::Da) => {
            "den ligger i .bogbinder-cache, bogbinders mellemlager for billeder"
        }
        (InCache, Language::En) => "it lies in .bogbinder-cache, bogbinder's cache of photos",
        (NotOurs, Language::Da) => {
            "mappen findes allerede og er ikke lavet af bogbinder, så den bliver ikke overskrevet"
        }
        (NotOurs, Language::En) => {
            "the folder exists and was not made by bogbinder, so it is not overwritten"
        }
    }
}

impl Catalogued for ProjectProblem {
    fn code(&self) -> Code {
        use ProjectProblem::*;
        Code::new(match self {
            NoContentFolder => "P001",
            NoConfig { .. } => "P002",
            NoConfigFound => "P003",
            ConfigToml { mistake } => mistake.code(Area::Project).unwrap_or("P004"),
            TaxonomyName { .. } => "P005",
            TaxonomyTwice { .. } => "P006",
            ThemeNotFolderName { .. } => "P007",
            CompendiumName { .. } => "P008",
            OutputUnusable { .. } => "P009",
            OutputsOverlap { .. } => "P010",
            ProjectExists { .. } => "P011",
            InitFileExists { .. } => "P012",
            BooksOnly { .. } => "P040",
            PageExists { .. } => "P041",
            PageTitleUnusable { .. } => "P042",
            PageLinkOnTheWay { .. } => "P043",
            BaseUrlNotAddress { .. } => "P060",
            EditionName { .. } => "P140",
            EditionTwice { .. } => "P141",
            EditionFolderOutside { .. } => "P142",
            EditionFoldersOverlap { .. } => "P143",
        })
    }

    fn severity(&self) -> Severity {
        match self {
            ProjectProblem::ConfigToml { mistake } if mistake.is_warning() => Severity::Warning,
            _ => Severity::Error,
        }
    }

    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
    fn text(&self, lang: Language) -> Text {
        use ProjectProblem::*;
        match self {
            NoContentFolder => pick(
                lang,
                Text::new("mappen content/ findes ikke").hint(
                    "læg håndbogens tekster i content/, eller lav et nyt projekt med `bogbinder init`",
                ),
                Text::new("there is no content/ folder").hint(
                    "put the handbook's texts in content/, or make a new project with `bogbinder init`",
                ),
            ),
            NoConfig { root } => pick(
                lang,
                Text::new(format!("der er ingen bogbinder.toml i {root}")).hint(
                    "kør kommandoen i projektets mappe, brug --root, eller lav et nyt projekt med `bogbinder init`",
                ),
                Text::new(format!("there is no bogbinder.toml in {root}")).hint(
                    "run the command in the project's folder, use --root, or make a new project with `bogbinder init`",
                ),
            ),
            NoConfigFound => pick(
                lang,
                Text::new("der er ingen bogbinder.toml i denne mappe eller mapperne over den").hint(
                    "gå til projektets mappe, brug --root MAPPE, eller lav et nyt projekt med `bogbinder init`",
                ),
                Text::new("there is no bogbinder.toml in this folder or the folders above it").hint(
                    "go to the project's folder, use --root FOLDER, or make a new project with `bogbinder init`",
                ),
            ),
            ConfigToml { mistake } => mistake.text(lang),
            TaxonomyName { name } => pick(
                lang,
                Text::new(format!("taksonomien \"{name}\" har et ugyldigt navn"))
                    .hint("brug små bogstaver a-z, tal og bindestreg, fx name = \"malgruppe\""),
                Text::new(format!("the taxonomy \"{name}\" has an invalid name"))
                    .hint("use small letters a-z, digits and hyphens, e.g. name = \"malgruppe\""),
            ),
            TaxonomyTwice { name } => pick(
                lang,
                Text::new(format!("taksonomien \"{name}\" står to gange"))
                    .hint("slet den ene [[taxonomies]] med dette navn"),
                Text::new(format!("the taxonomy \"{name}\" is there twice"))
                    .hint("delete one of the [[taxonomies]] with this name"),
            ),
            ThemeNotFolderName { name } => pick(
                lang,
                Text::new(format!("temaet \"{name}\" er ikke et mappenavn")).hint(
                    "skriv navnet på en mappe i themes/, fx theme = \"kommune\", eller slet linjen for at bruge standardtemaet",
                ),
                Text::new(format!("the theme \"{name}\" is not a folder name")).hint(
                    "write the name of a folder in themes/, e.g. theme = \"kommune\", or delete the line to use the default theme",
                ),
            ),
            CompendiumName { name } => pick(
                lang,
                Text::new(format!("kompendiet \"{name}\" har et ugyldigt navn")).hint(
                    "brug små bogstaver a-z, tal og bindestreg, fx name = \"ambassadoerkursus\"",
                ),
                Text::new(format!("the compendium \"{name}\" has an invalid name")).hint(
                    "use small letters a-z, digits and hyphens, e.g. name = \"ambassadoerkursus\"",
                ),
            ),
            OutputUnusable { out, why } => pick(
                lang,
                Text::new(format!(
                    "outputmappen {out} kan ikke bruges: {}",
                    clash_text(*why, lang)
                ))
                .hint("vælg en ny mappe til output, fx output_dir = \"output\" i bogbinder.toml"),
                Text::new(format!(
                    "the output folder {out} cannot be used: {}",
                    clash_text(*why, lang)
                ))
                .hint("choose a new output folder, e.g. output_dir = \"output\" in bogbinder.toml"),
            ),
            OutputsOverlap { out, books } => pick(
                lang,
                Text::new(format!(
                    "håndbogens outputmappe {out} og bøgernes mappe {books} overlapper"
                ))
                .hint(
                    "et barns bog er privat og må aldrig ligge i håndbogens output; brug fx output_dir = \"output\" og books_dir = \"boeger-output\" i bogbinder.toml",
                ),
                Text::new(format!(
                    "the handbook's output folder {out} and the books' folder {books} overlap"
                ))
                .hint(
                    "a child's book is private and must never lie in the handbook's output; use e.g. output_dir = \"output\" and books_dir = \"boeger-output\" in bogbinder.toml",
                ),
            ),
            ProjectExists { dir } => pick(
                lang,
                Text::new(format!("der er allerede et projekt i {dir}"))
                    .hint("vælg en ny mappe, fx `bogbinder init min-haandbog`"),
                Text::new(format!("there is already a project in {dir}"))
                    .hint("choose a new folder, e.g. `bogbinder init my-handbook`"),
            ),
            InitFileExists { path } => pick(
                lang,
                Text::new(format!("{path} findes allerede"))
                    .hint("bogbinder init overskriver aldrig filer; vælg en tom mappe"),
                Text::new(format!("{path} exists already"))
                    .hint("bogbinder init never overwrites files; choose an empty folder"),
            ),
            BooksOnly { books } => {
                let first = books.first().map_or("emma", String::as_str);
                pick(
                    lang,
                    Text::new("denne mappe rummer kun bøger (kun_boeger = true i bogbinder.toml), så der er ingen håndbog at bygge")
                        .hint(match books.is_empty() {
                            true => "lav en bog med `bogbinder new bog \"Navn\"`, og byg den med `bogbinder book NAVN`".to_string(),
                            false => format!("byg en bog med `bogbinder book {first}` (bøgerne her: {}); se den, mens du skriver, med `bogbinder serve`", books.join(", ")),
                        }),
                    Text::new("this folder holds books only (kun_boeger = true in bogbinder.toml), so there is no handbook to build")
                        .hint(match books.is_empty() {
                            true => "make a book with `bogbinder new bog \"Name\"` and build it with `bogbinder book NAME`".to_string(),
                            false => format!("build a book with `bogbinder book {first}` (the books here: {}); preview it while you write with `bogbinder serve`", books.join(", ")),
                        }),
                )
            }
            PageExists { path } => pick(
                lang,
                Text::new(format!("{path} findes allerede; intet blev ændret"))
                    .hint("åbn filen og skriv videre i den, eller vælg en anden titel"),
                Text::new(format!("{path} exists already; nothing was changed"))
                    .hint("open the file and go on writing in it, or choose another title"),
            ),
            PageTitleUnusable { title } => pick(
                lang,
                Text::new(format!("\"{title}\" kan ikke bruges som titel, fordi den ikke giver et filnavn"))
                    .hint("brug en titel med bogstaver, fx bogbinder new metode \"Netværksmøder\""),
                Text::new(format!("\"{title}\" cannot be used as a title, as it gives no file name"))
                    .hint("use a title with letters, e.g. bogbinder new metode \"Network meetings\""),
            ),
            PageLinkOnTheWay { link } => pick(
                lang,
                Text::new(format!("{link} er en genvej (symbolsk link), så siden laves ikke; intet blev ændret"))
                    .hint("bogbinder følger aldrig genveje; læg selve mappen i content/, og slet genvejen"),
                Text::new(format!("{link} is a shortcut (symbolic link), so the page is not made; nothing was changed"))
                    .hint("bogbinder never follows shortcuts; put the folder itself in content/, and delete the shortcut"),
            ),
            BaseUrlNotAddress { value } => pick(
                lang,
                Text::new(format!(
                    "base_url \"{value}\" er ikke en hel webadresse"
                ))
                .hint(
                    "skriv hele adressen, hvor håndbogen udgives, med https:// foran, fx base_url = \"https://intranet.kommune.dk/metodehaandbog/\", eller slet linjen, hvis håndbogen ikke skal på nettet (så laves der ingen sitemap.xml)",
                ),
                Text::new(format!("base_url \"{value}\" is not a whole web address")).hint(
                    "write the whole address where the handbook is published, with https:// in front, e.g. base_url = \"https://intranet.kommune.dk/handbook/\", or delete the line if the handbook is not going on the web (then no sitemap.xml is made)",
                ),
            ),
            EditionName { name } => pick(
                lang,
                Text::new(format!("udgaven \"{name}\" har et navn, der ikke kan bruges"))
                    .hint("giv udgaven et kort navn af bogstaver og tal, fx navn = \"intern\" eller navn = \"forældre\" (uden komma, skråstreg og mellemrum før og efter)"),
                Text::new(format!("the edition \"{name}\" has a name that cannot be used"))
                    .hint("give the edition a short name of letters and digits, e.g. navn = \"intern\" (no comma, slash or spaces around it)"),
            ),
            EditionTwice { name, other } => pick(
                lang,
                Text::new(format!("der er to udgaver med navnet \"{name}\" (også \"{other}\")"))
                    .hint("giv hver [[udgaver]] sit eget navn, eller slet den ene"),
                Text::new(format!("there are two editions named \"{name}\" (also \"{other}\")"))
                    .hint("give each [[udgaver]] its own name, or delete one"),
            ),
            EditionFolderOutside { name, folder } => pick(
                lang,
                Text::new(format!("udgaven \"{name}\" skal skrives til {folder}, som ligger uden for projektet"))
                    .hint("skriv en mappe i projektet, fx mappe = \"output/intern\", eller slet linjen (så bruges output/<navn>/)"),
                Text::new(format!("the edition \"{name}\" would be written to {folder}, outside the project"))
                    .hint("name a folder in the project, e.g. mappe = \"output/intern\", or delete the line (then output/<name>/ is used)"),
            ),
            EditionFoldersOverlap { name, other, folder } => pick(
                lang,
                Text::new(format!("udgaven \"{name}\" skal skrives til {folder}, som er eller ligger i (eller over) udgaven \"{other}\"s mappe"))
                    .hint("giv hver udgave sin egen mappe ved siden af de andres, fx mappe = \"output/intern\" og mappe = \"output/foraeldre\", så den ene aldrig udgiver den andens sider"),
                Text::new(format!("the edition \"{name}\" would be written to {folder}, which is, or lies inside (or above), the folder of the edition \"{other}\""))
                    .hint("give each edition its own folder beside the others, e.g. mappe = \"output/staff\" and mappe = \"output/parents\", so one never publishes the other's pages"),
            ),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<ProjectProblem> {
    use ProjectProblem::*;
    let s = || "x".to_string();
    let mut all = vec![
        NoContentFolder,
        NoConfig { root: s() },
        NoConfigFound,
        ConfigToml {
            mistake: TomlMistake::Settings { da: s(), en: s() },
        },
        TaxonomyName { name: s() },
        TaxonomyTwice { name: s() },
        ThemeNotFolderName { name: s() },
        CompendiumName { name: s() },
        OutputsOverlap {
            out: s(),
            books: s(),
        },
        ProjectExists { dir: s() },
        InitFileExists { path: s() },
        BooksOnly { books: vec![] },
        PageExists { path: s() },
        PageTitleUnusable { title: s() },
        PageLinkOnTheWay { link: s() },
        BaseUrlNotAddress { value: s() },
        EditionName { name: s() },
        EditionTwice {
            name: s(),
            other: s(),
        },
        EditionFolderOutside {
            name: s(),
            folder: s(),
        },
        EditionFoldersOverlap {
            name: s(),
            other: s(),
            folder: s(),
        },
    ];
    use OutputClash::*;
    for why in [
        ProjectFolder,
        AboveProject,
        InContent,
        InThemes,
        InCache,
        NotOurs,
    ] {
        all.push(OutputUnusable { out: s(), why });
    }
    all.extend(
        super::toml_mistake::samples()
            .into_iter()
            .map(|mistake| ConfigToml { mistake }),
    );
    all
}
