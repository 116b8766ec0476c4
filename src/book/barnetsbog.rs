//! A child's barnets bog: `content/boeger/<slug>/` with `bog.toml`, chapters `NN-navn.md` and
//! photos in `billeder/`. See docs/boeger.md for the format.

use super::design::Reader;
use super::{Block, Book, BookKind, Chapter, ConsentPage, MarkdownText, Photo, TimelineEntry};
use crate::error::{Diagnostic, Diagnostics, Error, LineIndex, Result};
use crate::problems::BookProblem;
use crate::project::files::{Refusal, Scope};
use crate::text::i18n::{slugify, Date};
use crate::text::toml_message::{self, TomlFile};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const BOOK_FILE: &str = "bog.toml";
pub const PHOTO_DIR: &str = "billeder";
/// The chapter that gets the photo pages from `[[minder]]`.
pub const MEMORIES: &str = "mine-minder";
/// The chapter that gets the timeline from `[[historie]]`.
pub const HISTORY: &str = "min-historie";
/// The chapter that gets the timeline from `[[tidslinje]]`, sorted by date.
pub const TIMELINE: &str = "min-tidslinje";
/// The caseworker's child-friendly explanation of the decisions.
pub const WHY: &str = "hvorfor-bor-jeg-her";
/// From this age the child's own yes is needed to hand the book over.
pub const CHILD_CONSENT_AGE: u16 = 12;

/// `bog.toml`: who the book belongs to, the cover, the placement history, memories and consents.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookToml {
    /// The name (or chosen name) on the cover.
    pub navn: String,
    #[serde(default)]
    pub undertitel: Option<String>,
    #[serde(default, alias = "tilhører")]
    pub tilhoerer: Option<String>,
    /// Cover photo, relative to the book folder (`billeder/forside.jpg`).
    #[serde(default)]
    pub forside: Option<Spanned<String>>,
    #[serde(default)]
    pub pdfa: bool,
    /// Who reads the book: "barn" (about 6-11) or "ung" (about 12-18), the design of both outputs.
    #[serde(default, alias = "læser")]
    pub laeser: Option<Spanned<String>>,
    #[serde(default)]
    pub allow_cpr: bool,
    #[serde(default)]
    pub historie: Vec<HistoryToml>,
    #[serde(default)]
    pub minder: Vec<MemoryToml>,
    #[serde(default)]
    pub samtykker: Vec<ConsentToml>,
    /// The child's birthday: from 12 years on, a consent needs the child's own yes.
    #[serde(default, alias = "født")]
    pub foedt: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub tidslinje: Vec<TimelineToml>,
    /// The book's own fonts, sizes and colours over its reader's design (docs/boeger.md).
    #[serde(default)]
    pub design: Option<super::design::DesignToml>,
}

/// One event of "Min tidslinje": when, what happened, where, and maybe a photo.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineToml {
    pub dato: DateValue,
    pub hvad: String,
    #[serde(default)]
    pub sted: Option<String>,
    #[serde(default)]
    pub foto: Option<Spanned<String>>,
}

/// A date as a TOML date (`2024-06-10`) or as words (`"sommeren 2021"`): children's memories
/// rarely have exact dates.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    pub fn human(&self) -> String {
        match self {
            DateValue::Date(d) => Date::from_toml(d)
                .map(|d| d.human(crate::text::i18n::Language::Da))
                .unwrap_or_else(|| d.to_string()),
            DateValue::Text(t) => t.clone(),
        }
    }

    /// Where the date sorts: a TOML date as itself; words by the first year in them (1900-2100)
    /// and a month or season if named ("sommeren 2019" → June 2019, day 0: before the dated days
    /// of that month); `None` (sorted last, in written order) when no year is given.
    pub fn sort_key(&self) -> Option<(u16, u8, u8)> {
        match self {
            DateValue::Date(d) => Date::from_toml(d).map(|d| (d.year, d.month, d.day)),
            DateValue::Text(t) => words_sort_key(t),
        }
    }
}

fn words_sort_key(text: &str) -> Option<(u16, u8, u8)> {
    let lower = text.to_lowercase();
    let year = lower
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|y| (1900..=2100).contains(y))?;
    // A month as written out or shortened to at least three letters ("aug"), never a word that
    // only starts like one ("marken").
    const MONTHS: [&str; 12] = crate::text::i18n::MONTHS_DA;
    // Seasons by their first month ("sommerferien" too); "jul" is both July and Christmas, and
    // is read as July.
    const SEASONS: [(&str, u8); 5] = [
        ("vinter", 1),
        ("forår", 3),
        ("sommer", 6),
        ("efterår", 9),
        ("høst", 9),
    ];
    let month = lower
        .split(|c: char| !c.is_alphabetic())
        .find_map(|w| {
            SEASONS
                .iter()
                .find(|(s, _)| w.starts_with(s))
                .map(|(_, m)| *m)
                .or_else(|| {
                    MONTHS
                        .iter()
                        .position(|m| w.chars().count() >= 3 && m.starts_with(w))
                        .map(|i| i as u8 + 1)
                })
        })
        .unwrap_or(0);
    Some((year, month, 0))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryToml {
    pub dato: DateValue,
    pub sted: String,
    #[serde(default)]
    pub tekst: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryToml {
    pub fil: Spanned<String>,
    #[serde(default)]
    pub tekst: Option<String>,
    #[serde(default)]
    pub dato: Option<DateValue>,
}

/// A consent to hand (part of) the book to someone, as the Vordingborg transition form asks.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentToml {
    /// Who agreed ("Mor og far").
    pub givet_af: String,
    /// To whom the book may be given ("Solsikkeskolen"); `--overgang` names it.
    pub modtager: String,
    pub dato: Spanned<DateValue>,
    /// The chapters covered, by name without number (`"alt-om-mig"`), and `"forside"` for the cover.
    pub kapitler: Spanned<Vec<String>>,
    /// The child has said yes too: needed from the age of 12 (`foedt`).
    #[serde(default)]
    pub barnet_siger_ja: bool,
}

/// The standard chapters, in order: Barnets Stemme's conversation topics.
pub const STANDARD_CHAPTERS: &[(&str, &str)] = &[
    ("alt-om-mig", "Alt om mig"),
    ("mit-helbred", "Mit helbred"),
    ("de-vigtigste-mennesker", "De vigtigste mennesker i mit liv"),
    ("skolen", "Skolen"),
    ("hvem-passer-paa-mig", "Hvem passer på mig"),
    ("min-familie", "Min familie"),
    ("det-der-bekymrer-mig", "Det, der bekymrer mig"),
    ("det-der-hjaelper-mig", "Det, der hjælper mig"),
    ("mine-haab-for-fremtiden", "Mine håb for fremtiden"),
    (MEMORIES, "Mine minder"),
    (HISTORY, "Min historie"),
    (TIMELINE, "Min tidslinje"),
    (WHY, "Hvorfor bor jeg her?"),
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterMeta {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    allow_cpr: bool,
}

/// One chapter file as found on disk.
struct ChapterFile {
    slug: String,
    title: String,
    text: Option<MarkdownText>,
    /// The guiding questions of its `<!-- -->` comments, for the edition to fill in by hand.
    questions: Vec<String>,
}

/// Loads the book in `content/boeger/<slug>/`; with `overgang`, only what that recipient's consent
/// covers; with `fill_in`, every chapter with its guiding questions, to fill in by hand.
pub fn load(root: &Path, slug: &str, overgang: Option<&str>, fill_in: bool) -> Result<Book> {
    // The book reads only its own folder, which itself must be no link (see `crate::project::files`).
    let scope = Arc::new(Scope::book(root, slug));
    let toml = read_book_toml(&scope, root)?;
    let mut diags = toml.problems.clone();
    let reader = reader(&toml, &mut diags);
    let design = match &toml.meta.design {
        Some(d) => d
            .apply(reader.design(), &toml.text, &toml.shown)
            .unwrap_or_else(|d| {
                diags.extend(d);
                reader.design()
            }),
        None => reader.design(),
    };
    let (mut cover, memories) = photos(&scope, root, &toml, &mut diags);
    let timeline: Vec<TimelineEntry> = toml
        .meta
        .historie
        .iter()
        .map(|h| TimelineEntry {
            date: h.dato.human(),
            place: h.sted.clone(),
            text: h.tekst.clone(),
            photo: None,
        })
        .collect();

    let events = timeline_events(&scope, root, &toml, &mut diags);

    let mut files = read_chapters(&scope, root, &mut diags);
    // Image paths in the chapters are checked now, so all mistakes are reported in one run.
    for md in files.iter().filter_map(|f| f.text.as_ref()) {
        if let Err(d) = super::photos::markdown_images(md) {
            diags.extend(d);
        }
    }
    diags.into_result().map_err(sorted)?;

    let mut consent_page = None;
    let mut out_slug = slug.to_string();
    if let Some(recipient) = overgang {
        let page = handover(&toml, recipient, &mut files)?;
        if !page.covers_cover {
            cover = None;
        }
        out_slug = format!("{slug}-overgang-{}", slugify(&page.consent.recipient));
        consent_page = Some(page.consent);
    }

    if fill_in {
        out_slug.push_str("-udfyld");
    }
    let chapters = assemble(
        files,
        memories,
        timeline,
        events,
        consent_page.is_some(),
        fill_in,
    );
    // The consent page names what is printed: a covered chapter with nothing in it is left out.
    if let Some(c) = consent_page.as_mut() {
        c.chapters = chapters.iter().map(|ch| ch.title.clone()).collect();
    }
    if chapters.is_empty() {
        return Err(Error::usage(BookProblem::NothingToPrint {
            slug: slug.to_string(),
        }));
    }
    let meta = &toml.meta;
    Ok(Book {
        slug: out_slug,
        kind: BookKind::BarnetsBog,
        title: meta.navn.clone(),
        subtitle: meta.undertitel.clone(),
        owner_line: Some(format!(
            "Denne bog tilhører {}",
            meta.tilhoerer.as_deref().unwrap_or(&meta.navn)
        )),
        cover,
        consent: consent_page,
        chapters,
        pdfa: meta.pdfa,
        arkiv: false,
        lang: crate::text::i18n::Language::Da,
        reader,
        design,
        fill_in,
        files: scope,
        course: None,
    })
}

/// `laeser` in `bog.toml`; without it, the default design ([`Reader::default`]).
fn reader(toml: &BookFile, diags: &mut Diagnostics) -> Reader {
    let Some(value) = &toml.meta.laeser else {
        return Reader::default();
    };
    Reader::parse(value.get_ref()).unwrap_or_else(|| {
        let (l, c) = LineIndex::new(&toml.text).line_col(value.span().start);
        diags.push(
            Diagnostic::of(
                &toml.shown,
                BookProblem::UnknownReader {
                    value: value.get_ref().clone(),
                },
            )
            .at(l, c),
        );
        Reader::default()
    })
}

/// A book's `bog.toml`: its text (for places), what it says, and its problems so far.
struct BookFile {
    text: String,
    meta: BookToml,
    /// `bog.toml` as messages name it.
    shown: PathBuf,
    problems: Diagnostics,
}

/// Reads and parses `bog.toml`; a book folder that is a link, or a file that cannot be read or
/// parsed, stops here.
fn read_book_toml(scope: &Scope, root: &Path) -> Result<BookFile> {
    let dir = scope.dir();
    let shown = rel(root, &dir.join(BOOK_FILE));
    if let Err(r) = scope.check_dir(&dir) {
        let folder = rel(root, &dir);
        let d = scope.diagnostic(&r, &folder, &folder.display().to_string());
        return Err(Error::Invalid(Diagnostics(vec![d])));
    }
    let text = scope
        .read_text(&dir.join(BOOK_FILE), &shown)
        .map_err(|d| Error::Invalid(Diagnostics(vec![d])))?;
    let meta: BookToml = toml_message::read(&shown, &text, 1, TomlFile::Book)
        .map_err(|d| Error::Invalid(Diagnostics(vec![d])))?;
    let mut problems = Diagnostics::default();
    if !meta.allow_cpr {
        problems.extend(crate::text::privacy::cpr_diagnostics(&text, &shown));
    }
    Ok(BookFile {
        text,
        meta,
        shown,
        problems,
    })
}

/// The cover and the memories' photos named in `bog.toml`; a photo that cannot be used is a
/// problem at its line, and the others are still read.
fn photos(
    scope: &Scope,
    root: &Path,
    toml: &BookFile,
    diags: &mut Diagnostics,
) -> (Option<Photo>, Vec<Photo>) {
    let lines = LineIndex::new(&toml.text);
    let photo = |fil: &Spanned<String>, caption: Option<String>, date: Option<String>| {
        let (l, c) = lines.line_col(fil.span().start);
        book_file(scope, root, fil.get_ref(), &toml.shown, (l, c)).map(|source| Photo {
            shown: rel(root, &source),
            source,
            caption,
            date,
            used_at: crate::media::images::UsedAt {
                file: toml.shown.clone(),
                line: l,
                column: c,
            },
        })
    };
    let cover = toml
        .meta
        .forside
        .as_ref()
        .and_then(|f| photo(f, None, None).map_err(|d| diags.push(d)).ok());
    let memories = toml
        .meta
        .minder
        .iter()
        .filter_map(|m| {
            let date = m.dato.as_ref().map(DateValue::human);
            photo(&m.fil, m.tekst.clone(), date)
                .map_err(|d| diags.push(d))
                .ok()
        })
        .collect();
    (cover, memories)
}

/// "Min tidslinje" from `[[tidslinje]]`: the events sorted by date (see [`DateValue::sort_key`];
/// events without a year last, as written), each with its photo inside it, captioned with what
/// happened.
fn timeline_events(
    scope: &Scope,
    root: &Path,
    toml: &BookFile,
    diags: &mut Diagnostics,
) -> Vec<Block> {
    let mut events: Vec<&TimelineToml> = toml.meta.tidslinje.iter().collect();
    // Stable: events on the same day keep their written order.
    events.sort_by_key(|e| (e.dato.sort_key().is_none(), e.dato.sort_key()));
    if events.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(&toml.text);
    let entries = events
        .iter()
        .map(|e| {
            let photo = e.foto.as_ref().and_then(|fil| {
                let (l, c) = lines.line_col(fil.span().start);
                book_file(scope, root, fil.get_ref(), &toml.shown, (l, c))
                    .map(|source| Photo {
                        shown: rel(root, &source),
                        source,
                        caption: Some(e.hvad.clone()),
                        date: Some(e.dato.human()),
                        used_at: crate::media::images::UsedAt {
                            file: toml.shown.clone(),
                            line: l,
                            column: c,
                        },
                    })
                    .map_err(|d| diags.push(d))
                    .ok()
            });
            TimelineEntry {
                date: e.dato.human(),
                place: e.hvad.clone(),
                text: e.sted.clone(),
                photo,
            }
        })
        .collect();
    vec![Block::Timeline(entries)]
}

/// The consent page of a handover edition, and whether the consent covers the cover photo.
struct Handover {
    consent: ConsentPage,
    covers_cover: bool,
}

/// A handover edition for `recipient`: only the chapters their consent names stay in `files`.
fn handover(toml: &BookFile, recipient: &str, files: &mut Vec<ChapterFile>) -> Result<Handover> {
    let consent = find_consent(&toml.meta, recipient, &toml.shown)?;
    check_consent(toml, consent, crate::book::pdf::today())?;
    let covered = consent.kapitler.get_ref();
    check_scope(&toml.text, consent, files, &toml.shown)?;
    files.retain(|f| covered.contains(&f.slug));
    Ok(Handover {
        consent: ConsentPage {
            given_by: consent.givet_af.clone(),
            recipient: consent.modtager.clone(),
            date: consent.dato.get_ref().human(),
            child_yes: consent.barnet_siger_ja,
            chapters: files.iter().map(|f| f.title.clone()).collect(),
        },
        covers_cover: covered.iter().any(|c| c == "forside"),
    })
}

fn sorted(e: Error) -> Error {
    match e {
        Error::Invalid(d) => Error::Invalid(d.sorted()),
        other => other,
    }
}

fn rel(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root).unwrap_or(p).to_path_buf()
}

/// A file named in `bog.toml`, which must exist inside the book's own folder.
fn book_file(
    scope: &Scope,
    root: &Path,
    name: &str,
    shown: &Path,
    (line, col): (usize, usize),
) -> std::result::Result<PathBuf, Diagnostic> {
    let inside = crate::text::dialect::join_inside("", name).filter(|_| !name.starts_with('/'));
    let Some(relative) = inside else {
        let problem = BookProblem::PathOutside {
            name: name.to_string(),
        };
        return Err(Diagnostic::of(shown, problem).at(line, col));
    };
    let path = scope.dir().join(relative);
    match scope.check(&path) {
        Ok(()) => Ok(path),
        Err(Refusal::Missing) => {
            let problem = BookProblem::PhotoMissing {
                name: name.to_string(),
                path: rel(root, &path).display().to_string(),
            };
            Err(Diagnostic::of(shown, problem).at(line, col))
        }
        Err(r) => Err(scope.diagnostic(&r, shown, name).at(line, col)),
    }
}

/// The chapter files `NN-navn.md` in number order. A chapter whose text is only the guiding
/// questions (in `<!-- -->`) has no text and is not printed.
fn read_chapters(scope: &Arc<Scope>, root: &Path, diags: &mut Diagnostics) -> Vec<ChapterFile> {
    let dir = scope.dir();
    let mut found: Vec<(u32, String, PathBuf)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md")?;
            let (num, slug) = stem.split_once('-')?;
            let n: u32 = num.parse().ok()?;
            Some((n, slug.to_string(), e.path()))
        })
        .collect();
    found.sort();
    let mut out = Vec::new();
    for (_, slug, path) in found {
        let shown = rel(root, &path);
        let text = match scope.read_text(&path, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let split = match crate::handbook::frontmatter::split(&text, &shown) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let meta: ChapterMeta = match toml_message::read(
            &shown,
            split.front_matter,
            split.front_matter_line,
            TomlFile::Book,
        ) {
            Ok(m) => m,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if !meta.allow_cpr {
            diags.extend(crate::text::privacy::cpr_diagnostics(&text, &shown));
            diags.extend(crate::text::privacy::cpr_in_name(&shown));
        }
        let title = meta
            .title
            .filter(|t| !t.trim().is_empty())
            .or_else(|| standard_title(&slug).map(str::to_string))
            .unwrap_or_else(|| slug.replace('-', " "));
        let has_text = !strip_comments(split.body).trim().is_empty();
        out.push(ChapterFile {
            questions: questions(split.body),
            slug,
            title,
            text: has_text.then(|| MarkdownText {
                text: split.body.to_string(),
                file: shown.clone(),
                line: split.body_line,
                dir: dir.clone(),
                scope: Arc::clone(scope),
                root: root.to_path_buf(),
            }),
        });
    }
    out
}

fn standard_title(slug: &str) -> Option<&'static str> {
    STANDARD_CHAPTERS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, t)| *t)
}

/// The guiding questions in a chapter's `<!-- -->` comments: their list items (`- Hvad ...?`).
fn questions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        let inner = &rest[start + 4..];
        let end = inner.find("-->").unwrap_or(inner.len());
        out.extend(
            inner[..end]
                .lines()
                .filter_map(|l| l.trim().strip_prefix("- ").or(l.trim().strip_prefix("* ")))
                .map(|q| q.trim().to_string())
                .filter(|q| !q.is_empty()),
        );
        rest = &inner[(end + 3).min(inner.len())..];
    }
    out
}

/// The text with every `<!-- ... -->` removed (an unclosed one runs to the end).
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start + 4..].find("-->") {
            Some(end) => rest = &rest[start + 4 + end + 3..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Chapters with content, in order; photos and the timeline join their chapters (added at the
/// end when the chapter file is missing).
fn assemble(
    files: Vec<ChapterFile>,
    memories: Vec<Photo>,
    timeline: Vec<TimelineEntry>,
    events: Vec<Block>,
    handover: bool,
    fill_in: bool,
) -> Vec<Chapter> {
    let mut memories = Some(memories).filter(|m| !m.is_empty());
    let mut timeline = Some(timeline).filter(|t| !t.is_empty());
    let mut events = Some(events).filter(|e| !e.is_empty());
    let mut chapters = Vec::new();
    for f in files {
        let mut blocks: Vec<Block> = f.text.into_iter().map(Block::Markdown).collect();
        if f.slug == MEMORIES {
            blocks.extend(memories.take().map(Block::Photos));
        }
        if f.slug == HISTORY {
            blocks.extend(timeline.take().map(Block::Timeline));
        }
        if f.slug == TIMELINE {
            blocks.extend(events.take().into_iter().flatten());
        }
        // Filled in by hand, every chapter is printed: an empty one is room to write and draw.
        if fill_in {
            blocks.push(Block::FillIn(f.questions));
        }
        if !blocks.is_empty() {
            chapters.push(Chapter {
                key: None,
                id: f.slug,
                title: f.title,
                blocks,
            });
        }
    }
    // In a handover edition, only what the consent names is printed.
    if handover {
        return chapters;
    }
    for (slug, blocks) in [
        (MEMORIES, memories.map(|m| vec![Block::Photos(m)])),
        (HISTORY, timeline.map(|t| vec![Block::Timeline(t)])),
        (TIMELINE, events),
    ] {
        if let Some(blocks) = blocks {
            chapters.push(Chapter {
                key: None,
                id: slug.to_string(),
                title: standard_title(slug).unwrap_or(slug).to_string(),
                blocks,
            });
        }
    }
    chapters
}

/// Every consent of the book in `content/boeger/<slug>/`, checked as a handover edition would
/// check it, for `bogbinder check`: a chapter it names that does not exist, or no chapters, is an
/// error (a typo would leave a chapter out); a consent not given yet, or lacking the child's own
/// yes, is a warning, since it stops only the handover, not the book.
pub fn check_consents(root: &Path, slug: &str) -> Diagnostics {
    let scope = Arc::new(Scope::book(root, slug));
    let Ok(toml) = read_book_toml(&scope, root) else {
        // Told by the book's own load.
        return Diagnostics::default();
    };
    let files = read_chapters(&scope, root, &mut Diagnostics::default());
    let today = crate::book::pdf::today();
    let mut out = Diagnostics::default();
    for consent in &toml.meta.samtykker {
        let found = [
            check_scope(&toml.text, consent, &files, &toml.shown),
            check_consent(&toml, consent, today).map_err(|e| match e {
                Error::Invalid(d) => Error::Invalid(Diagnostics(
                    d.0.into_iter()
                        .map(|mut d| {
                            d.severity = crate::problems::Severity::Warning;
                            d
                        })
                        .collect(),
                )),
                other => other,
            }),
        ];
        for r in found {
            if let Err(Error::Invalid(d)) = r {
                out.extend(d.0);
            }
        }
    }
    out
}

fn find_consent<'a>(meta: &'a BookToml, recipient: &str, shown: &Path) -> Result<&'a ConsentToml> {
    let wanted = slugify(recipient);
    if let Some(c) = meta
        .samtykker
        .iter()
        .find(|c| slugify(&c.modtager) == wanted)
    {
        return Ok(c);
    }
    let problem = BookProblem::NoConsent {
        recipient: recipient.to_string(),
        known: meta.samtykker.iter().map(|c| c.modtager.clone()).collect(),
    };
    Err(Error::Invalid(Diagnostics(vec![Diagnostic::of(
        shown, problem,
    )])))
}

/// A consent can be relied on only once it is given (not dated in the future), and from the age
/// of 12 only with the child's own yes (`barnet_siger_ja`).
fn check_consent(toml: &BookFile, c: &ConsentToml, today: Date) -> Result<()> {
    let lines = LineIndex::new(&toml.text);
    let (l, col) = lines.line_col(c.dato.span().start);
    let mut diags = Diagnostics::default();
    if let DateValue::Date(d) = c.dato.get_ref() {
        if Date::from_toml(d).is_some_and(|d| d > today) {
            let problem = BookProblem::ConsentInFuture {
                recipient: c.modtager.clone(),
                date: c.dato.get_ref().human(),
            };
            diags.push(Diagnostic::of(&toml.shown, problem).at(l, col));
        }
    }
    let age = toml
        .meta
        .foedt
        .as_ref()
        .and_then(|f| Date::from_toml(f.get_ref()))
        .map(|born| age_at(born, today));
    if let Some(age) = age.filter(|a| *a >= CHILD_CONSENT_AGE) {
        if !c.barnet_siger_ja {
            let problem = BookProblem::ConsentWithoutChild {
                recipient: c.modtager.clone(),
                age,
            };
            diags.push(Diagnostic::of(&toml.shown, problem).at(l, col));
        }
    }
    diags.into_result()
}

/// Whole years from `born` to `day` (0 for a birthday in the future).
fn age_at(born: Date, day: Date) -> u16 {
    let years = day.year.saturating_sub(born.year);
    if (day.month, day.day) < (born.month, born.day) {
        years.saturating_sub(1)
    } else {
        years
    }
}

/// Every chapter a consent names must exist, so a typo cannot silently leave a chapter out.
fn check_scope(text: &str, c: &ConsentToml, files: &[ChapterFile], shown: &Path) -> Result<()> {
    let (l, col) = LineIndex::new(text).line_col(c.kapitler.span().start);
    let mut diags = Diagnostics::default();
    for name in c.kapitler.get_ref() {
        if name != "forside" && !files.iter().any(|f| &f.slug == name) {
            let problem = BookProblem::ConsentUnknownChapter {
                recipient: c.modtager.clone(),
                chapter: name.clone(),
                chapters: files.iter().map(|f| f.slug.clone()).collect(),
            };
            diags.push(Diagnostic::of(shown, problem).at(l, col));
        }
    }
    if c.kapitler.get_ref().is_empty() {
        let problem = BookProblem::ConsentNoChapters {
            recipient: c.modtager.clone(),
        };
        diags.push(Diagnostic::of(shown, problem).at(l, col));
    }
    diags.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_not_text() {
        assert_eq!(strip_comments("<!-- Hvad? -->\n\n").trim(), "");
        assert_eq!(strip_comments("a<!-- x -->b<!-- y").trim(), "ab");
    }

    #[test]
    fn words_sort_by_year_then_month_or_season() {
        let key = |t: &str| DateValue::Text(t.to_string()).sort_key();
        assert_eq!(key("sommeren 2019"), Some((2019, 6, 0)));
        assert_eq!(key("i sommerferien 2019"), Some((2019, 6, 0)));
        assert_eq!(key("aug. 2020"), Some((2020, 8, 0)));
        assert_eq!(key("på marken i 2018"), Some((2018, 0, 0)));
        assert_eq!(key("Efteråret 2017"), Some((2017, 9, 0)));
        assert_eq!(key("da jeg var lille"), None);
        assert_eq!(key("nr. 12345"), None);
    }

    #[test]
    fn age_counts_whole_years() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(age_at(d(2012, 5, 1), d(2024, 4, 30)), 11);
        assert_eq!(age_at(d(2012, 5, 1), d(2024, 5, 1)), 12);
        assert_eq!(age_at(d(2030, 1, 1), d(2024, 5, 1)), 0);
    }

    #[test]
    fn dates_as_dates_or_words() {
        let t: HistoryToml = toml::from_str("dato = 2021-06-01\nsted = \"Hjemme\"").unwrap();
        assert_eq!(t.dato.human(), "1. juni 2021");
        let t: HistoryToml = toml::from_str("dato = \"sommeren 2021\"\nsted = \"Hjemme\"").unwrap();
        assert_eq!(t.dato.human(), "sommeren 2021");
    }
}
