//! The book model: what a barnets bog or a compendium is once read, before it is written. The
//! loaders ([`super::barnetsbog`], [`super::compendium`]) make it; the writers read it, with the
//! text as typed events ([`super::doc`]). It depends on nothing else in `book`, so neither do the
//! writers that read it.

use crate::project::files::Scope;
use crate::text::i18n::Language;
use std::path::PathBuf;
use std::sync::Arc;

/// A book ready to be written: title page, chapters in order, photos by reference.
#[derive(Debug, Clone)]
pub struct Book {
    /// Names the output folder and the files in it.
    pub slug: String,
    pub kind: BookKind,
    pub title: String,
    pub subtitle: Option<String>,
    /// "Denne bog tilhører Emma" or the municipality of a compendium.
    pub owner_line: Option<String>,
    pub cover: Option<Photo>,
    /// A handover edition's consent, printed as its own page after the title page.
    pub consent: Option<ConsentPage>,
    pub chapters: Vec<Chapter>,
    /// PDF/A-2b for archiving.
    pub pdfa: bool,
    /// An archive copy for the case file: PDF/A-2a and PDF/UA-1, written dated (`--arkiv`).
    pub arkiv: bool,
    pub lang: Language,
    /// Who reads it: the design of both the HTML and the PDF.
    pub reader: super::design::Reader,
    /// Its fonts, sizes and colours: the reader's design with the book's own `[design]`.
    pub design: super::design::Design,
    /// The edition to fill in by hand (`--udfyld`): every chapter with its guiding questions,
    /// lines to write on and a frame to draw in.
    pub fill_in: bool,
    /// What the book may read: its own folder, or the handbook's files for a compendium.
    pub files: Arc<Scope>,
    /// A compendium of a course: its edition and its workshops as parts. `None` for a child's
    /// book and a compendium without a course; trainer notes are printed only in a trainer edition.
    pub course: Option<Course>,
}

/// A course's compendium: grouped by workshop, for participants or for the trainer.
#[derive(Debug, Clone, Default)]
pub struct Course {
    /// The trainer edition (`book <kursus> --underviser`): with the notes `> [!UNDERVISER]`.
    pub trainer: bool,
    /// The workshops, in order, each leading the chapters printed for it.
    pub parts: Vec<Part>,
    /// Names and municipalities for the attendance list (from `bogbinder.toml`, never `content/`).
    pub participants: Vec<(String, String)>,
}

/// A group of chapters: one workshop of a course. Its chapters run from `first` to the next
/// part's `first` (or the end); a page an earlier workshop used is printed there, not again.
#[derive(Debug, Clone)]
pub struct Part {
    pub title: String,
    /// Lines under the title: when, where, by whom (`tirsdag 3. februar 2026, kl. 9.00–11.30`).
    pub facts: Vec<String>,
    pub description: Option<String>,
    /// The index of the part's first chapter (the number of chapters, if it prints none).
    pub first: usize,
    /// Every chapter the workshop uses, by index, also those printed in an earlier part.
    pub uses: Vec<usize>,
}

impl Course {
    /// The parts that begin at chapter `i`: several when a workshop prints no pages of its own.
    pub fn parts_at(&self, i: usize) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(move |p| p.first == i)
    }
}

impl Book {
    /// Whether trainer notes are printed: only in a course's trainer edition.
    pub fn for_trainer(&self) -> bool {
        self.course.as_ref().is_some_and(|c| c.trainer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    BarnetsBog,
    Kompendium,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    /// Anchor in the HTML and label in the PDF: unique in the book.
    pub id: String,
    /// The handbook page a compendium chapter was made from (`metoder/x.md`).
    pub key: Option<String>,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The parts a chapter is made of.
#[derive(Debug, Clone)]
pub enum Block {
    /// Markdown text; image paths are relative to `dir` (a folder in the project).
    Markdown(MarkdownText),
    /// Photo pages: each photo large, with its caption and date.
    Photos(Vec<Photo>),
    /// "Min historie": where the child has lived and why, in order.
    Timeline(Vec<TimelineEntry>),
    /// A course's workshops, with the chapters each uses.
    Workshops(Vec<WorkshopEntry>),
    /// Room to write and draw by hand, under the chapter's guiding questions (`--udfyld`).
    FillIn(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct MarkdownText {
    pub text: String,
    /// The file it came from, relative to the project root, and the line the text starts on.
    pub file: PathBuf,
    pub line: usize,
    /// The folder relative paths start from (absolute).
    pub dir: PathBuf,
    /// What images may be read from: the book's own folder, or the handbook's files (`content/`
    /// without the books) for a compendium.
    pub scope: Arc<Scope>,
    /// The project root, for paths in messages.
    pub root: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The file as read (absolute) and as shown in messages (relative to the project).
    pub source: PathBuf,
    pub shown: PathBuf,
    pub caption: Option<String>,
    pub date: Option<String>,
    /// The `bog.toml` line that names it, for messages about the file.
    pub used_at: crate::media::images::UsedAt,
}

#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub date: String,
    pub place: String,
    pub text: Option<String>,
    /// A photo shown inside the entry (`foto` of a `[[tidslinje]]` entry).
    pub photo: Option<Photo>,
}

#[derive(Debug, Clone)]
pub struct WorkshopEntry {
    pub title: String,
    pub duration: Option<String>,
    /// When, where and by whom (see `compendium::workshop_facts`).
    pub facts: Vec<String>,
    pub description: Option<String>,
    /// Chapter titles and ids the workshop uses.
    pub uses: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct ConsentPage {
    pub given_by: String,
    pub recipient: String,
    pub date: String,
    /// Titles of the chapters printed in this edition (covered by the consent and not empty).
    pub chapters: Vec<String>,
    /// The child said yes too (`barnet_siger_ja`); the page then has a line for the child to sign.
    pub child_yes: bool,
}
