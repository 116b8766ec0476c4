//! Problems with files and photos: links, hidden names, sizes, files that cannot be read or
//! written, and photos bogbinder refuses to publish.

use super::portable::PortableName;
use super::{pick, Catalogued, Code, Severity, Text, Words};
use crate::text::i18n::Language;

/// The folder a file must lie in, as messages name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    Content,
    Book,
    Theme,
    Project,
}

impl Home {
    fn name(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Home::Content, _) => "content/",
            (Home::Book, Language::Da) => "bogens mappe",
            (Home::Book, Language::En) => "the book's folder",
            (Home::Theme, Language::Da) => "temaets mappe",
            (Home::Theme, Language::En) => "the theme's folder",
            (Home::Project, Language::Da) => "projektmappen",
            (Home::Project, Language::En) => "the project folder",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// A symbolic link found while walking `content/` or a theme.
    LinkFound {
        home: Home,
    },
    /// A file named by the user does not exist (`named`: as the user wrote it).
    Missing {
        named: String,
    },
    Outside {
        named: String,
        home: Home,
    },
    /// A book's file that lies in another child's book.
    OtherChildsBook {
        named: String,
    },
    /// A handbook file that lies in a child's book.
    InChildsBook {
        named: String,
    },
    ThroughLink {
        named: String,
        link: String,
    },
    Hidden {
        named: String,
        name: String,
    },
    NotAFile {
        named: String,
    },
    /// A hard link to a file of another child's book (`book`: from a book).
    HardLink {
        named: String,
        book: bool,
    },
    /// The file was swapped (for a link, say) while it was read.
    Changed {
        named: String,
    },
    TooLarge {
        named: String,
        mb: u64,
        max_mb: u64,
    },
    Unreadable {
        named: String,
        error: String,
    },
    /// A text file over the size limit.
    TextTooLarge {
        mb: u64,
        max_mb: u64,
    },
    FolderUnreadable {
        error: String,
    },
    /// A finished file could not be written to the output.
    CannotWrite {
        error: String,
    },
    /// A file operation failed (`action`: the Danish verb of [`crate::error::Error::Io`]).
    Io {
        action: &'static str,
        path: String,
        why: IoWhy,
        error: String,
    },
    /// A photo claiming more pixels than any decoder is allowed.
    TooManyPixels {
        width: u32,
        height: u32,
    },
    TooMuchMetadata {
        what: Words,
        limit_mb: usize,
    },
    /// A photo whose header is broken.
    BrokenHeader {
        why: Words,
    },
    /// A photo the decoder cannot read (`error`: the decoder's words).
    ImageUnreadable {
        error: String,
    },
    ImageTooMuchMemory,
    ImageCannotSave {
        error: String,
    },
    JpegTooLarge,
    PhotoFileTooLarge {
        mb: u64,
        max_mb: u64,
    },
    Heic,
    FormatUnusable {
        ext: String,
    },
    /// A file whose bytes are a photo or video bogbinder cannot clean of metadata.
    UncleanableMedia {
        what: Words,
    },
    /// A document carrying a photo's metadata (EXIF, GPS) inside.
    EmbeddedMetadata,
    NotAnImage,
    /// A photo its decoder cannot read: broken, cut short, or another format than its name
    /// says (`format`: what it was read as; `detail`: the decoder's words, shown in English).
    ImageDamaged {
        format: &'static str,
        detail: String,
    },
    /// A name in the output that Windows or a case-insensitive disk cannot hold (`F18x`).
    Portable(PortableName),
}

const HEIC_HINT_DA: &str = "gem billedet som JPEG: på iPhone under Indstillinger → Kamera → Formater → \"Mest kompatibel\", \
     eller åbn billedet og eksportér/del det som JPEG; på en pc kan Fotos-appen gemme en kopi som JPEG";
const HEIC_HINT_EN: &str = "save the photo as JPEG: on an iPhone under Settings → Camera → Formats → \"Most Compatible\", \
     or open the photo and export/share it as JPEG; on a PC the Photos app can save a copy as JPEG";
pub(crate) const SMALLER_HINT_DA: &str =
    "gem billedet i en mindre størrelse, fx med \"Del\" → \"Mindre\" på telefonen \
     eller \"Eksportér\" i et billedprogram (3000 × 4000 pixels er rigeligt til tryk)";
const SMALLER_HINT_EN: &str =
    "save the photo in a smaller size, e.g. with \"Share\" → \"Smaller\" on the phone \
     or \"Export\" in a photo program (3000 × 4000 pixels is plenty for print)";
const MEDIA_HINT_DA: &str =
    "gem billedet som JPEG eller PNG (så renser bogbinder det for GPS-position, \
     kamera og tid), og læg ikke videoer i håndbogen: link i stedet til dem, hvor de ligger";
const MEDIA_HINT_EN: &str =
    "save the photo as JPEG or PNG (then bogbinder cleans it of GPS position, \
     camera and time), and do not put videos in the handbook: link to them where they are";
const EMBEDDED_HINT_DA: &str = "dokumentet indeholder et foto med dets metadata (fx GPS-position, kamera \
     og tid); gem det igen uden personlige oplysninger (i Word/PDF: \"Fjern personlige oplysninger\" \
     eller eksportér billederne som JPEG og sæt dem ind igen), eller læg fotoet i håndbogen som JPEG";
const EMBEDDED_HINT_EN: &str = "the document holds a photo with its metadata (e.g. GPS position, camera \
     and time); save it again without personal information (in Word/PDF: \"Remove personal information\" \
     or export the photos as JPEG and insert them again), or put the photo in the handbook as JPEG";

/// Danish digit grouping: 65000 → "65.000"; English: "65,000".
fn thousands(n: u64, lang: Language) -> String {
    let sep = match lang {
        Language::Da => '.',
        Language::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The English of the verbs [`crate::error::Error::Io`] is made with.
fn english_verb(danish: &str) -> &str {
    match danish {
        "læse" => "read",
        "skrive" => "write",
        "oprette" => "create",
        "flytte" => "move",
        "slette" => "delete",
        "rydde op i" => "clean up",
        other => other,
    }
}

impl Catalogued for FileProblem {
    fn code(&self) -> Code {
        use FileProblem::*;
        if let Portable(p) = self {
            return p.code();
        }
        Code::new(match self {
            LinkFound { .. } => "F001",
            Missing { .. } => "F002",
            Outside { .. } => "F003",
            OtherChildsBook { .. } => "F004",
            InChildsBook { .. } => "F005",
            ThroughLink { .. } => "F006",
            Hidden { .. } => "F007",
            NotAFile { .. } => "F008",
            HardLink { .. } => "F009",
            Changed { .. } => "F010",
            TooLarge { .. } => "F011",
            Unreadable { .. } => "F012",
            TextTooLarge { .. } => "F013",
            FolderUnreadable { .. } => "F014",
            CannotWrite { .. } => "F015",
            Io { .. } => "F016",
            TooManyPixels { .. } => "F020",
            TooMuchMetadata { .. } => "F021",
            BrokenHeader { .. } => "F022",
            ImageUnreadable { .. } => "F023",
            ImageTooMuchMemory => "F024",
            ImageCannotSave { .. } => "F025",
            JpegTooLarge => "F026",
            PhotoFileTooLarge { .. } => "F027",
            Heic => "F028",
            FormatUnusable { .. } => "F029",
            UncleanableMedia { .. } => "F030",
            EmbeddedMetadata => "F031",
            NotAnImage => "F032",
            ImageDamaged { .. } => "F070",
            Portable(_) => "F180",
        })
    }

    fn severity(&self) -> Severity {
        match self {
            FileProblem::Portable(p) => p.severity(),
            _ => Severity::Error,
        }
    }

    fn text(&self, lang: Language) -> Text {
        self.file_text(lang)
            .unwrap_or_else(|| self.photo_text(lang))
    }
}

impl FileProblem {
    /// Files in general; `None` for the photo problems.
    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
    fn file_text(&self, lang: Language) -> Option<Text> {
        use FileProblem::*;
        Some(match self {
            Portable(p) => p.text(lang),
            LinkFound { home } => pick(
                lang,
                Text::new("genveje (symbolske links) følges ikke").hint(format!(
                    "bogbinder følger aldrig genveje; læg selve filen eller mappen i {}, og slet genvejen",
                    match home {
                        Home::Theme => "temaet",
                        _ => "content/",
                    }
                )),
                Text::new("shortcuts (symbolic links) are not followed").hint(format!(
                    "bogbinder never follows shortcuts; put the file or folder itself in {}, and delete the shortcut",
                    match home {
                        Home::Theme => "the theme",
                        _ => "content/",
                    }
                )),
            ),
            Missing { named } => pick(
                lang,
                Text::new(format!("\"{named}\" findes ikke"))
                    .hint("læg filen i mappen, eller ret stien; store og små bogstaver tæller"),
                Text::new(format!("\"{named}\" does not exist"))
                    .hint("put the file in the folder, or fix the path; upper and lower case count"),
            ),
            Outside { named, home } => {
                let own = home.name(lang);
                pick(
                    lang,
                    Text::new(format!("\"{named}\" ligger uden for {own}")).hint(format!(
                        "læg filen i {own} og henvis til den derfra; bogbinder læser aldrig andre steder"
                    )),
                    Text::new(format!("\"{named}\" lies outside {own}")).hint(format!(
                        "put the file in {own} and refer to it from there; bogbinder never reads anywhere else"
                    )),
                )
            }
            OtherChildsBook { named } => pick(
                lang,
                Text::new(format!("\"{named}\" ligger i et andet barns bog")).hint(
                    "en bog må kun bruge filer fra sin egen mappe; læg billedet i bogens billeder/",
                ),
                Text::new(format!("\"{named}\" lies in another child's book")).hint(
                    "a book may only use files from its own folder; put the photo in the book's billeder/",
                ),
            ),
            InChildsBook { named } => pick(
                lang,
                Text::new(format!("\"{named}\" ligger i et barns bog (content/boeger/), som er privat")).hint(
                    "et barns bog må aldrig komme med i håndbogen eller et kompendium; fjern henvisningen",
                ),
                Text::new(format!("\"{named}\" lies in a child's book (content/boeger/), which is private")).hint(
                    "a child's book must never be part of the handbook or a compendium; remove the reference",
                ),
            ),
            ThroughLink { named, link } => pick(
                lang,
                Text::new(format!("\"{named}\" går gennem en genvej (symbolsk link): {link}")).hint(
                    "bogbinder følger aldrig genveje; læg selve filen eller mappen i projektet, og slet genvejen",
                ),
                Text::new(format!("\"{named}\" goes through a shortcut (symbolic link): {link}")).hint(
                    "bogbinder never follows shortcuts; put the file or folder itself in the project, and delete the shortcut",
                ),
            ),
            Hidden { named, name } => pick(
                lang,
                Text::new(format!("\"{named}\" er en skjult fil eller en sikkerhedskopi ({name})")).hint(
                    "navne, der begynder med punktum eller # eller ender med ~, er aldrig indhold; omdøb filen eller mappen",
                ),
                Text::new(format!("\"{named}\" is a hidden file or a backup ({name})")).hint(
                    "names that begin with a dot or # or end with ~ are never content; rename the file or folder",
                ),
            ),
            NotAFile { named } => pick(
                lang,
                Text::new(format!("\"{named}\" er ikke en almindelig fil"))
                    .hint("henvis til en fil (et billede, en pdf), ikke til en mappe"),
                Text::new(format!("\"{named}\" is not an ordinary file"))
                    .hint("refer to a file (a photo, a pdf), not to a folder"),
            ),
            HardLink { named, book: true } => pick(
                lang,
                Text::new(format!("\"{named}\" er den samme fil som en fil i et andet barns bog (et hårdt link)")).hint(
                    "en bog må kun bruge sine egne filer; læg en kopi af billedet i bogens billeder/",
                ),
                Text::new(format!("\"{named}\" is the same file as a file in another child's book (a hard link)")).hint(
                    "a book may only use its own files; put a copy of the photo in the book's billeder/",
                ),
            ),
            HardLink { named, book: false } => pick(
                lang,
                Text::new(format!("\"{named}\" er den samme fil som en fil i et barns bog (et hårdt link)")).hint(
                    "et barns billeder og tekster må ikke bruges uden for bogen; læg en anden fil i stedet",
                ),
                Text::new(format!("\"{named}\" is the same file as a file in a child's book (a hard link)")).hint(
                    "a child's photos and texts must not be used outside the book; use another file instead",
                ),
            ),
            Changed { named } => pick(
                lang,
                Text::new(format!("\"{named}\" blev skiftet ud, mens den blev læst"))
                    .hint("gem filen igen; bogbinder læser kun filer, der ligger i projektet selv"),
                Text::new(format!("\"{named}\" was replaced while it was read"))
                    .hint("save the file again; bogbinder only reads files that lie in the project itself"),
            ),
            TooLarge { named, mb, max_mb } => pick(
                lang,
                Text::new(format!("\"{named}\" er for stor ({mb} MB; højst {max_mb} MB)"))
                    .hint("gem filen i en mindre størrelse"),
                Text::new(format!("\"{named}\" is too large ({mb} MB; at most {max_mb} MB)"))
                    .hint("save the file in a smaller size"),
            ),
            Unreadable { named, error } => pick(
                lang,
                Text::new(format!("\"{named}\" kan ikke læses: {error}"))
                    .hint("tjek at filen findes, og at du har lov til at læse den"),
                Text::new(format!("\"{named}\" cannot be read: {error}"))
                    .hint("check that the file exists and that you may read it"),
            ),
            TextTooLarge { mb, max_mb } => pick(
                lang,
                Text::new(format!("filen er for stor ({mb} MB; højst {max_mb} MB for en tekstfil)")).hint(
                    "del teksten op i flere sider, eller flyt store filer (billeder, pdf) ud af tekstfilen",
                ),
                Text::new(format!("the file is too large ({mb} MB; at most {max_mb} MB for a text file)")).hint(
                    "split the text into several pages, or move large files (photos, pdf) out of the text file",
                ),
            ),
            FolderUnreadable { error } => pick(
                lang,
                Text::new(format!("mappen kan ikke læses: {error}"))
                    .hint("tjek at mappen findes, og at du har lov til at læse den"),
                Text::new(format!("the folder cannot be read: {error}"))
                    .hint("check that the folder exists and that you may read it"),
            ),
            CannotWrite { error } => pick(
                lang,
                Text::new(format!("filen kunne ikke skrives: {error}"))
                    .hint("tjek at der er plads på disken, og at du har lov til at skrive i outputmappen"),
                Text::new(format!("the file could not be written: {error}"))
                    .hint("check that the disk has room and that you may write in the output folder"),
            ),
            Io {
                action,
                path,
                why,
                error,
            } => {
                let (da, en) = why.words();
                let (hint_da, hint_en) = why.hints();
                pick(
                    lang,
                    Text::new(format!("kunne ikke {action} {path}: {da}")).hint(hint_da),
                    Text::new(format!("could not {} {path}: {en} ({error})", english_verb(action)))
                        .hint(hint_en),
                )
            }
            _ => return None,
        })
    }

    // One arm per problem with its Danish and English words side by side: a table, long because
    // the catalogue is; splitting it would part a problem's two languages.
    fn photo_text(&self, lang: Language) -> Text {
        use FileProblem::*;
        let broken_hint = pick(
            lang,
            "filen er måske beskadiget eller ikke et billede; åbn den i et billedprogram og gem den igen som JPEG",
            "the file may be damaged or not a photo; open it in a photo program and save it again as JPEG",
        );
        let smaller = pick(lang, SMALLER_HINT_DA, SMALLER_HINT_EN);
        match self {
            TooManyPixels { width, height } => {
                let (w, h) = (u64::from(*width), u64::from(*height));
                let (w, h, mp, max) = (
                    thousands(w, lang),
                    thousands(h, lang),
                    thousands(w * h / 1_000_000, lang),
                    crate::media::images::MAX_PIXELS / 1_000_000,
                );
                pick(
                    lang,
                    Text::new(format!("billedet er {w} × {h} pixels ({mp} megapixel); højst {max} megapixel kan bruges")),
                    Text::new(format!("the photo is {w} × {h} pixels ({mp} megapixels); at most {max} megapixels can be used")),
                )
                .hint(smaller)
            }
            TooMuchMetadata { what, limit_mb } => pick(
                lang,
                Text::new(format!("billedets {} er for stor (over {limit_mb} MB); det er ikke et almindeligt foto", what.da))
                    .hint("åbn billedet i et billedprogram og gem det igen som JPEG, eller tag et skærmbillede af det"),
                Text::new(format!("the photo's {} is too large (over {limit_mb} MB); it is not an ordinary photo", what.en))
                    .hint("open the photo in a photo program and save it again as JPEG, or take a screenshot of it"),
            ),
            BrokenHeader { why } => pick(
                lang,
                Text::new(format!("billedet kan ikke læses: {}", why.da))
                    .hint("filen er måske beskadiget eller ikke helt kopieret; åbn den i et billedprogram og gem den igen som JPEG"),
                Text::new(format!("the photo cannot be read: {}", why.en))
                    .hint("the file may be damaged or not fully copied; open it in a photo program and save it again as JPEG"),
            ),
            ImageUnreadable { error } => pick(
                lang,
                Text::new(format!("billedet kan ikke læses: {error}")),
                Text::new(format!("the photo cannot be read: {error}")),
            )
            .hint(broken_hint),
            ImageTooMuchMemory => pick(
                lang,
                Text::new("billedet kræver for meget hukommelse at læse (for mange pixels eller for store metadata)"),
                Text::new("the photo needs too much memory to read (too many pixels or too much metadata)"),
            )
            .hint(smaller),
            ImageCannotSave { error } => pick(
                lang,
                Text::new(format!("billedet kan ikke gemmes: {error}"))
                    .hint("åbn billedet i et billedprogram og gem det igen som JPEG"),
                Text::new(format!("the photo cannot be saved: {error}"))
                    .hint("open the photo in a photo program and save it again as JPEG"),
            ),
            JpegTooLarge => pick(
                lang,
                Text::new("billedet er for stort til JPEG"),
                Text::new("the photo is too large for JPEG"),
            )
            .hint(smaller),
            PhotoFileTooLarge { mb, max_mb } => pick(
                lang,
                Text::new(format!("filen er for stor ({mb} MB; højst {max_mb} MB)"))
                    .hint("gem billedet i en mindre størrelse, fx med \"Del\" → \"Mindre\" på telefonen"),
                Text::new(format!("the file is too large ({mb} MB; at most {max_mb} MB)"))
                    .hint("save the photo in a smaller size, e.g. with \"Share\" → \"Smaller\" on the phone"),
            ),
            Heic => pick(
                lang,
                Text::new("HEIC-billeder (fra iPhone) kan ikke bruges direkte").hint(HEIC_HINT_DA),
                Text::new("HEIC photos (from an iPhone) cannot be used directly").hint(HEIC_HINT_EN),
            ),
            FormatUnusable { ext } => pick(
                lang,
                Text::new(format!("billedformatet .{ext} kan ikke bruges")).hint(HEIC_HINT_DA),
                Text::new(format!("the photo format .{ext} cannot be used")).hint(HEIC_HINT_EN),
            ),
            UncleanableMedia { what } => pick(
                lang,
                Text::new(format!("filen er {}, som kan indeholde GPS-position og andre metadata, og som bogbinder ikke kan rense", what.da))
                    .hint(MEDIA_HINT_DA),
                Text::new(format!("the file is {}, which can hold a GPS position and other metadata, and which bogbinder cannot clean", what.en))
                    .hint(MEDIA_HINT_EN),
            ),
            EmbeddedMetadata => pick(
                lang,
                Text::new("filen indeholder et foto med metadata (EXIF eller GPS-position), som ville blive udgivet med den")
                    .hint(EMBEDDED_HINT_DA),
                Text::new("the file holds a photo with metadata (EXIF or GPS position), which would be published with it")
                    .hint(EMBEDDED_HINT_EN),
            ),
            NotAnImage => pick(
                lang,
                Text::new("filen er ikke et billede").hint("brug JPEG-, PNG- eller WebP-billeder"),
                Text::new("the file is not a photo").hint("use JPEG, PNG or WebP photos"),
            ),
            ImageDamaged { format, detail } => pick(
                lang,
                Text::new(format!(
                    "billedet kan ikke læses: filen er ødelagt, ikke helt kopieret eller ikke et {format}-billede"
                ))
                .hint("åbn billedet i et billedprogram og gem det igen som JPEG, eller hent det igen fra telefonen eller kameraet"),
                Text::new(format!(
                    "the photo cannot be read: the file is damaged, not fully copied or not a {format} photo ({detail})"
                ))
                .hint("open the photo in a photo program and save it again as JPEG, or fetch it again from the phone or camera"),
            ),
            // Every other variant has its words in `file_text`.
            _ => pick(lang, Text::new("filen kan ikke bruges"), Text::new("the file cannot be used")),
        }
    }
}

#[cfg(test)]
pub(super) fn samples() -> Vec<FileProblem> {
    use FileProblem::*;
    let s = || "x".to_string();
    let w = Words { da: "x", en: "y" };
    let mut all: Vec<FileProblem> = super::portable::samples()
        .into_iter()
        .map(Portable)
        .collect();
    all.extend([
        Missing { named: s() },
        OtherChildsBook { named: s() },
        InChildsBook { named: s() },
        ThroughLink {
            named: s(),
            link: s(),
        },
        Hidden {
            named: s(),
            name: s(),
        },
        NotAFile { named: s() },
        HardLink {
            named: s(),
            book: true,
        },
        HardLink {
            named: s(),
            book: false,
        },
        Changed { named: s() },
        TooLarge {
            named: s(),
            mb: 1,
            max_mb: 2,
        },
        Unreadable {
            named: s(),
            error: s(),
        },
        TextTooLarge { mb: 1, max_mb: 2 },
        FolderUnreadable { error: s() },
        CannotWrite { error: s() },
        Io {
            action: "skrive",
            path: s(),
            why: IoWhy::NameTooLong,
            error: s(),
        },
        TooManyPixels {
            width: 65000,
            height: 65000,
        },
        TooMuchMetadata {
            what: w,
            limit_mb: 8,
        },
        BrokenHeader { why: w },
        ImageUnreadable { error: s() },
        ImageTooMuchMemory,
        ImageCannotSave { error: s() },
        JpegTooLarge,
        PhotoFileTooLarge { mb: 1, max_mb: 2 },
        Heic,
        FormatUnusable { ext: s() },
        UncleanableMedia { what: w },
        EmbeddedMetadata,
        NotAnImage,
        ImageDamaged {
            format: "JPEG",
            detail: s(),
        },
    ]);
    all.extend(IoWhy::ALL.map(|why| Io {
        action: "læse",
        path: s(),
        why,
        error: s(),
    }));
    for home in [Home::Content, Home::Book, Home::Theme, Home::Project] {
        all.push(LinkFound { home });
        all.push(Outside { named: s(), home });
    }
    all
}

/// Why a file operation failed, from the system's kind of error: words a user can act on, where
/// the system's own ("Permission denied (os error 13)") are English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoWhy {
    NotFound,
    NoPermission,
    DiskFull,
    NameTooLong,
    ReadOnly,
    Exists,
    Busy,
    NotAFolder,
    IsAFolder,
    PortTaken,
    NoSuchAddress,
    Other,
}

impl IoWhy {
    #[cfg(test)]
    const ALL: [IoWhy; 12] = [
        IoWhy::NotFound,
        IoWhy::NoPermission,
        IoWhy::DiskFull,
        IoWhy::NameTooLong,
        IoWhy::ReadOnly,
        IoWhy::Exists,
        IoWhy::Busy,
        IoWhy::NotAFolder,
        IoWhy::IsAFolder,
        IoWhy::PortTaken,
        IoWhy::NoSuchAddress,
        IoWhy::Other,
    ];

    pub fn of(e: &std::io::Error) -> IoWhy {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => IoWhy::NotFound,
            K::PermissionDenied => IoWhy::NoPermission,
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => IoWhy::DiskFull,
            K::InvalidFilename => IoWhy::NameTooLong,
            K::ReadOnlyFilesystem => IoWhy::ReadOnly,
            K::AlreadyExists => IoWhy::Exists,
            K::ResourceBusy | K::ExecutableFileBusy => IoWhy::Busy,
            K::NotADirectory => IoWhy::NotAFolder,
            K::IsADirectory | K::DirectoryNotEmpty => IoWhy::IsAFolder,
            K::AddrInUse => IoWhy::PortTaken,
            K::AddrNotAvailable => IoWhy::NoSuchAddress,
            _ => IoWhy::Other,
        }
    }

    /// What went wrong, Danish and English.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            IoWhy::NotFound => (
                "filen eller mappen findes ikke",
                "the file or folder does not exist",
            ),
            IoWhy::NoPermission => (
                "du har ikke lov (adgang nægtet)",
                "you are not allowed (permission denied)",
            ),
            IoWhy::DiskFull => ("der er ikke mere plads på disken", "the disk is full"),
            IoWhy::NameTooLong => ("navnet er for langt", "the name is too long"),
            IoWhy::ReadOnly => (
                "disken kan kun læses, ikke skrives på",
                "the disk is read-only",
            ),
            IoWhy::Exists => (
                "der findes allerede en fil med det navn",
                "a file with that name already exists",
            ),
            IoWhy::Busy => (
                "filen er i brug af et andet program",
                "the file is in use by another program",
            ),
            IoWhy::NotAFolder => (
                "en del af stien er en fil, ikke en mappe",
                "part of the path is a file, not a folder",
            ),
            IoWhy::IsAFolder => ("det er en mappe, ikke en fil", "it is a folder, not a file"),
            IoWhy::PortTaken => (
                "porten bruges allerede af et andet program",
                "the port is already in use by another program",
            ),
            IoWhy::NoSuchAddress => (
                "adressen findes ikke på denne maskine",
                "the address does not exist on this machine",
            ),
            IoWhy::Other => ("systemet afviste det", "the system refused"),
        }
    }

    /// What to do about it, Danish and English.
    fn hints(self) -> (&'static str, &'static str) {
        match self {
            IoWhy::NotFound => (
                "tjek stavningen, og at filen ikke er flyttet eller slettet",
                "check the spelling, and that the file was not moved or deleted",
            ),
            IoWhy::NoPermission => (
                "giv dig selv lov til at læse og skrive i mappen (Egenskaber → Sikkerhed, eller chmod), eller brug en anden mappe",
                "give yourself permission to read and write in the folder (Properties → Security, or chmod), or use another folder",
            ),
            IoWhy::DiskFull => ("slet noget på disken, og prøv igen", "free some space on the disk and try again"),
            IoWhy::NameTooLong => (
                "gør fil- eller mappenavnet kortere (slug eller titel), eller flyt projektet til en mappe tættere på roden",
                "shorten the file or folder name (slug or title), or move the project to a folder nearer the root",
            ),
            IoWhy::ReadOnly => (
                "flyt projektet til en disk, du kan skrive på, eller vælg en anden outputmappe",
                "move the project to a disk you can write to, or choose another output folder",
            ),
            IoWhy::Exists => ("omdøb eller flyt den fil, der er der", "rename or move the file that is there"),
            IoWhy::Busy => (
                "luk det program, der har filen åben (fx en PDF-læser), og prøv igen",
                "close the program that has the file open (a PDF reader, say) and try again",
            ),
            IoWhy::NotAFolder | IoWhy::IsAFolder => (
                "omdøb den fil eller mappe, der står i vejen",
                "rename the file or folder that is in the way",
            ),
            IoWhy::PortTaken => (
                "vælg en anden port med --port, eller luk det program, der bruger porten",
                "choose another port with --port, or close the program that uses the port",
            ),
            IoWhy::NoSuchAddress => (
                "brug en adresse, maskinen har (fx --bind 127.0.0.1)",
                "use an address this machine has (e.g. --bind 127.0.0.1)",
            ),
            IoWhy::Other => (
                "tjek at der er plads på disken, og at du har lov til at skrive i mappen",
                "check that the disk has room and that you may write in the folder",
            ),
        }
    }
}

/// A system error in the language problems are reported in: the Danish words alone, or the
/// English ones with the system's own.
pub fn io_words(e: &std::io::Error) -> String {
    let (da, en) = IoWhy::of(e).words();
    match super::language() {
        Language::Da => da.to_string(),
        Language::En => format!("{en} ({e})"),
    }
}
