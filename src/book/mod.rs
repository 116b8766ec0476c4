//! Books: a child's own barnets bog and course compendiums, built the same way into a print-ready
//! HTML page and a PDF.
//!
//! Both sources are read into one [`Book`] model ([`model`], by [`barnetsbog`] and [`compendium`]); its
//! photos are processed once ([`photos`]), its text is read once into typed events ([`md`] → [`doc`]),
//! and [`write`] hands the model to the writers, HTML ([`html`]) and PDF ([`crate::book::pdf`]).
//! Books go to their own folder (`books_dir`, default `boeger-output/<slug>/`), never into the
//! handbook output, which must stay publishable as it is.

pub mod barnetsbog;
pub mod compendium;
pub mod copies;
pub mod design;
pub mod doc;
pub mod form;
pub mod handbook_pdf;
pub mod html;
pub mod md;
pub mod model;
pub mod pdf;
pub mod photos;
pub mod reuse;
pub mod scaffold;
pub mod write;

pub use model::{
    Block, Book, BookKind, Chapter, ConsentPage, Course, MarkdownText, Part, Photo, TimelineEntry,
    WorkshopEntry,
};

use crate::error::{Diagnostics, Error, Result};
use crate::output::{check_output_dir, normalize, Staging};
use crate::problems::BookProblem;
use crate::project::config::Config;
use crate::project::files::Scope;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `bogbinder book` was asked for.
#[derive(Debug, Clone, Default)]
pub struct BookRequest {
    pub name: String,
    pub pdfa: bool,
    /// Also write a dated archive copy (PDF/A-2a and PDF/UA-1) for the case file.
    pub arkiv: bool,
    /// Build a handover edition for this recipient.
    pub overgang: Option<String>,
    /// The edition to fill in by hand (`--udfyld`): chapters with their questions, lines and frames.
    pub udfyld: bool,
    /// A compendium's trainer edition (`--underviser`), with the trainer notes.
    pub underviser: bool,
}

/// What a book build wrote.
#[derive(Debug, Clone)]
pub struct BookReport {
    pub html: PathBuf,
    pub pdf: PathBuf,
    pub chapters: usize,
    pub photos: usize,
    pub pdf_pages: usize,
    pub elapsed: Duration,
    /// The dated archive copy, when one was asked for (`--arkiv`).
    pub archive: Option<PathBuf>,
}

/// The folder inside `content/` that holds the children's books.
pub fn books_content_dir(root: &Path) -> PathBuf {
    root.join(crate::handbook::load::CONTENT_DIR)
        .join(crate::handbook::load::BOOKS_DIR)
}

/// A book prepared in memory: its model, processed photos and HTML. Nothing is written, so the
/// preview in `bogbinder serve` and `bogbinder book` share every step but the last.
#[derive(Debug)]
pub struct Prepared {
    pub book: Book,
    pub photos: photos::Processed,
    pub html: String,
    /// The book's text as typed events, which both the HTML and the PDF are written from.
    pub text: doc::Document,
}

impl Prepared {
    /// The PDF, made from the same processed photos (slow: typst lays out every page).
    pub fn pdf(&self) -> Result<crate::book::pdf::Pdf> {
        write::pdf(&self.book, &self.text, &self.photos)
    }
    /// The typst markup the PDF is compiled from (cheap: no layout), for checks and bug reports.
    pub fn typst_markup(&self) -> String {
        write::typst(&self.book, &self.text).text
    }
    pub fn html_name(&self) -> String {
        format!("{}.html", self.book.slug)
    }
    pub fn pdf_name(&self) -> String {
        format!("{}.pdf", self.book.slug)
    }
}

/// The cache of processed photos, kept between builds and previews (`.bogbinder-cache/fotos`).
pub fn photo_cache(root: &Path) -> crate::media::images::PhotoCache {
    crate::media::images::PhotoCache::new(root.join(CACHE_DIR).join("fotos"))
}

/// A book of the project, as listed by [`list`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The name used on the command line and in the preview's address.
    pub name: String,
    pub kind: BookKind,
    /// The child's name from `bog.toml`, or the compendium's title; the name if it cannot be read.
    pub title: String,
}

/// Whether `name` is a barnets bog (a folder in `content/boeger/` with `bog.toml`).
fn is_child_book(root: &Path, name: &str) -> bool {
    !name.is_empty()
        && crate::text::i18n::slugify(name) == name
        && books_content_dir(root)
            .join(name)
            .join(barnetsbog::BOOK_FILE)
            .is_file()
}

/// What kind of book `name` is, if the project has one by that name (a child's book wins).
pub fn kind_of(root: &Path, config: &Config, name: &str) -> Option<BookKind> {
    if is_child_book(root, name) {
        Some(BookKind::BarnetsBog)
    } else if config.compendiums.iter().any(|c| c.name == name) {
        Some(BookKind::Kompendium)
    } else {
        None
    }
}

/// The project's books: the children's books by folder name, then the compendiums.
pub fn list(root: &Path, config: &Config) -> Vec<Listed> {
    let mut children: Vec<Listed> = std::fs::read_dir(books_content_dir(root))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| is_child_book(root, name))
        .map(|name| {
            let toml_file = books_content_dir(root)
                .join(&name)
                .join(barnetsbog::BOOK_FILE);
            // Only for the list: a broken bog.toml is reported when the book itself is built.
            let title = Scope::book(root, &name)
                .read_text(&toml_file, &toml_file)
                .ok()
                .and_then(|t| t.parse::<toml::Table>().ok())
                .and_then(|t| t.get("navn")?.as_str().map(str::to_string))
                .unwrap_or_else(|| name.clone());
            Listed {
                name,
                kind: BookKind::BarnetsBog,
                title,
            }
        })
        .collect();
    children.sort_by(|a, b| a.name.cmp(&b.name));
    let compendiums: Vec<Listed> = config
        .compendiums
        .iter()
        .filter(|c| !children.iter().any(|b| b.name == c.name))
        .map(|c| Listed {
            name: c.name.clone(),
            kind: BookKind::Kompendium,
            title: c.title.clone(),
        })
        .collect();
    children.extend(compendiums);
    children
}

/// The name the project knows a book by: `name` itself, or its slug, so that a book is found
/// as typed (`"Søren Åge"`) as well as by its folder (`soeren-aage`).
pub fn known_name(root: &Path, config: &Config, name: &str) -> Option<String> {
    if kind_of(root, config, name).is_some() {
        return Some(name.to_string());
    }
    let slug = crate::text::i18n::slugify(name.trim());
    kind_of(root, config, &slug).map(|_| slug)
}

/// Reads one book's model (a barnets bog by its folder name, or a compendium by its name; either
/// also as typed, see [`known_name`]).
pub fn load(root: &Path, config: &Config, req: &BookRequest) -> Result<Book> {
    let name = known_name(root, config, &req.name);
    let req = &BookRequest {
        name: name.unwrap_or_else(|| req.name.clone()),
        ..req.clone()
    };
    let mut book = match kind_of(root, config, &req.name) {
        Some(BookKind::BarnetsBog) if req.underviser => {
            return Err(Error::usage(BookProblem::TrainerOfChildsBook))
        }
        Some(BookKind::BarnetsBog) => {
            barnetsbog::load(root, &req.name, req.overgang.as_deref(), req.udfyld)?
        }
        Some(BookKind::Kompendium) => {
            if req.overgang.is_some() {
                return Err(Error::usage(BookProblem::HandoverOfCompendium));
            }
            if req.udfyld {
                return Err(Error::usage(BookProblem::FillInOfCompendium));
            }
            match config.compendiums.iter().find(|c| c.name == req.name) {
                Some(c) => compendium::load(root, c, req.underviser)?,
                None => return Err(unknown_book(root, &req.name, config)),
            }
        }
        None => return Err(unknown_book(root, &req.name, config)),
    };
    book.pdfa |= req.pdfa;
    book.arkiv = req.arkiv;
    unique_ids(&mut book);
    Ok(book)
}

/// Processes the photos and renders the HTML, in memory.
pub fn prepare(
    root: &Path,
    config: &Config,
    book: Book,
    cache: &crate::media::images::PhotoCache,
) -> Result<Prepared> {
    let theme = crate::handbook::theme::Theme::load(root, &config.theme).map_err(Error::Invalid)?;
    let errors = md::errors(&book);
    if !errors.0.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let photos = photos::process(&book, cache)?;
    let mut text = write::document(&book, &photos, &chapter_links(&book));
    if !book.for_trainer() {
        text.without_boxes(crate::text::dialect::BoxKind::Underviser);
    }
    let html = write::html(&book, &text, &theme)?;
    Ok(Prepared {
        book,
        photos,
        html,
        text,
    })
}

/// Builds one book and writes its HTML, photos and PDF to `books_dir/<slug>/`.
pub fn build(root: &Path, req: &BookRequest) -> Result<BookReport> {
    let start = Instant::now();
    let config = Config::load(root)?;
    let book = load(root, &config, req)?;
    // A compendium's trainer edition (`<navn>-underviser`) must not take the folder of a child's
    // book of that name: the child's archive copies there would be kept in the compendium's.
    if book.kind == BookKind::Kompendium && is_child_book(root, &book.slug) {
        return Err(Error::usage(BookProblem::CompendiumOverChildsBook {
            slug: book.slug.clone(),
        }));
    }
    // Checked before the slow steps, so a bad books_dir is reported at once.
    let out = output_dir(root, &config, &book.slug)?;
    let prepared = prepare(root, &config, book, &photo_cache(root))?;
    md::warnings(&prepared.book)
        .0
        .into_iter()
        .for_each(crate::error::warn);
    // The same inputs as last time make the same PDF: it is taken from the output folder.
    let markup = pdf::markup_of(&prepared.book, &prepared.text)?;
    let reuse = reuse::Reuse::new(root, &prepared.book.slug);
    let key = reuse::key(&markup, prepared.photos.files(), pdf::today());
    let pdf = match reuse.get(&key, &out.join(prepared.pdf_name())) {
        Some(pdf) => pdf,
        None => pdf::compile(&prepared.book, markup, prepared.photos.files())?,
    };

    let kit = course_kit(root, &config, &prepared.book)?;

    let staging = Staging::new(&out)?;
    for (name, bytes) in prepared.photos.files() {
        staging.write(name, bytes)?;
    }
    for (name, bytes) in &kit {
        staging.write(name, bytes)?;
    }
    let html_name = prepared.html_name();
    let pdf_name = prepared.pdf_name();
    staging.write(&html_name, prepared.html.as_bytes())?;
    staging.write(&pdf_name, &pdf.bytes)?;
    // Archive copies of earlier days stay: they are records, and the output folder is replaced.
    for (name, bytes) in archive_copies(&out, &prepared.book.slug) {
        staging.write(&name, &bytes)?;
    }
    let archive = prepared
        .book
        .arkiv
        .then(|| archive_name(&prepared.book.slug, crate::book::pdf::today()));
    if let Some(name) = &archive {
        staging.write(name, &pdf.bytes)?;
    }
    // A copy to account for is recorded before it is released: no handover or archive PDF
    // without its line. An archive copy is recorded under its dated name.
    let recorded_name = archive.as_deref().unwrap_or(&pdf_name);
    if let Some(record) = copies::record_of(
        &prepared.book,
        recorded_name,
        &pdf.bytes,
        &copies::now_local(),
    ) {
        copies::append(&prepared.book.files, root, &record)?;
    }
    staging.commit()?;
    reuse.put(&key, &pdf);
    Ok(BookReport {
        html: out.join(html_name),
        pdf: out.join(pdf_name),
        chapters: prepared.book.chapters.len(),
        photos: prepared.photos.len(),
        pdf_pages: pdf.pages,
        elapsed: start.elapsed(),
        archive: archive.map(|name| out.join(name)),
    })
}

/// A course's participant compendium comes with its kit: a handout per workshop (HTML and PDF),
/// the attendance list and the evaluation form, as (file name, bytes) beside the compendium.
fn course_kit(root: &Path, config: &Config, book: &Book) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for handout in compendium::handouts(book) {
        let prepared = prepare(root, config, handout, &photo_cache(root))?;
        let pdf = prepared.pdf()?;
        files.push((prepared.pdf_name(), pdf.bytes));
    }
    for (name, sheet) in compendium::sheets(book) {
        files.push((name, sheet.render(&book.slug)?));
    }
    Ok(files)
}

/// `bogbinder book emma --log`: the record of the copies given of a child's book, in Danish.
pub fn copies_log(root: &Path, name: &str) -> Result<String> {
    let config = Config::load(root)?;
    let name = known_name(root, &config, name).unwrap_or_else(|| name.to_string());
    match kind_of(root, &config, &name) {
        Some(BookKind::BarnetsBog) => {
            let scope = Scope::book(root, &name);
            let lines = copies::read(&scope, root)?;
            let shown = scope.dir().join(copies::LOG_FILE);
            Ok(copies::describe(
                &lines,
                shown.strip_prefix(root).unwrap_or(&shown),
            ))
        }
        Some(BookKind::Kompendium) => Err(Error::usage(BookProblem::LogOfCompendium)),
        None => Err(unknown_book(root, &name, &config)),
    }
}

/// The archive copy's file name: `emma-arkiv-2026-12-02.pdf`.
fn archive_name(slug: &str, d: crate::text::i18n::Date) -> String {
    format!("{slug}-arkiv-{:04}-{:02}-{:02}.pdf", d.year, d.month, d.day)
}

/// The archive copies already in the book's output folder (plain files named as
/// [`archive_name`] makes them), with their bytes, to be kept in the next edition.
fn archive_copies(out: &Path, slug: &str) -> Vec<(String, Vec<u8>)> {
    let prefix = format!("{slug}-arkiv-");
    let dated = |name: &str| {
        name.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".pdf"))
            .is_some_and(|d| d.len() == 10 && d.chars().all(|c| c.is_ascii_digit() || c == '-'))
    };
    std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| dated(name))
        .filter_map(|name| Some((name.clone(), std::fs::read(out.join(&name)).ok()?)))
        .collect()
}

/// Chapter ids are anchors and labels: two chapters named alike get `-2`, `-3`. An id comes from a
/// file name, so it is made a slug (`01-mor & "far".md` → `mor-far`): safe in HTML and typst alike.
fn unique_ids(book: &mut Book) {
    let mut seen = std::collections::HashSet::new();
    for ch in &mut book.chapters {
        let slug = crate::text::i18n::slugify(&ch.id);
        let base = if slug.is_empty() {
            "kapitel".to_string()
        } else {
            slug
        };
        let mut id = base.clone();
        let mut n = 1;
        while !seen.insert(id.clone()) || id == "samtykke" || id == "indhold" {
            n += 1;
            id = format!("{base}-{n}");
        }
        ch.id = id;
    }
}

/// For a compendium: each included handbook page's key → its chapter, so `@/` links between them
/// work inside the book.
fn chapter_links(book: &Book) -> md::ChapterLinks {
    book.chapters
        .iter()
        .filter_map(|c| c.key.as_ref().map(|k| (k.clone(), c.id.clone())))
        .collect()
}

pub use crate::project::CACHE_DIR;

fn unknown_book(root: &Path, name: &str, config: &Config) -> Error {
    let known: Vec<String> = list(root, config).into_iter().map(|b| b.name).collect();
    Error::usage(BookProblem::UnknownBook {
        name: name.to_string(),
        known,
    })
}

/// `books_dir/<slug>`, refused when it would land in or around the handbook output or the content.
fn output_dir(root: &Path, config: &Config, slug: &str) -> Result<PathBuf> {
    crate::output::portable::refuse_device_book(slug)?;
    let out = check_output_dir(root, &config.books_dir.join(slug))?;
    let handbook_out = normalize(&absolute(root).join(&config.output_dir));
    if crate::output::overlap(&out, &handbook_out) {
        return Err(Error::usage(BookProblem::BooksInHandbookOutput {
            out: handbook_out.display().to_string(),
        }));
    }
    Ok(out)
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    }
}

/// CPR numbers in the books' text files (chapters and `bog.toml`), for `bogbinder build` and
/// `check`: a book is never published, but a CPR number in it is still a mistake to catch early.
pub fn cpr_scan(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let dir = books_content_dir(root);
    let books =
        Path::new(crate::handbook::load::CONTENT_DIR).join(crate::handbook::load::BOOKS_DIR);
    // A link on the way is reported by the listing of content/ (and refused by every book).
    if !dir.is_dir() || crate::project::files::link_on_the_way(root, &books).is_some() {
        return diags;
    }
    // Each book's files are read as the book reads them: never through a link.
    let mut scopes: std::collections::HashMap<String, Scope> = Default::default();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        // Hidden names are never content: the editing desk's drafts and history
        // (`.bogbinder-skriv/`) are not read, as the book itself never reads them.
        .filter_entry(|e| {
            e.depth() == 0
                || !crate::project::files::is_ignored_name(&e.file_name().to_string_lossy())
        })
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
    {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "md" && ext != "toml" {
            continue;
        }
        let Some(book) = path
            .strip_prefix(&dir)
            .ok()
            .and_then(|p| p.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
        else {
            continue;
        };
        let scope = scopes
            .entry(book.clone())
            .or_insert_with(|| Scope::book(root, &book));
        let shown = path.strip_prefix(root).unwrap_or(path);
        match scope.read_text(path, shown) {
            Ok(text) if !allows_cpr(&text, ext) => {
                diags.extend(crate::text::privacy::cpr_diagnostics(&text, shown))
            }
            Ok(_) => {}
            Err(d) => diags.push(d),
        }
    }
    diags
}

/// Every book of the project read and its paths checked, without processing photos or writing:
/// for `bogbinder check`. A book with nothing to print yet is no problem here.
pub fn check_all(root: &Path, config: &Config) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for listed in list(root, config) {
        let req = BookRequest {
            name: listed.name.clone(),
            ..BookRequest::default()
        };
        if listed.kind == BookKind::BarnetsBog {
            for d in barnetsbog::check_consents(root, &listed.name).0 {
                if d.severity == crate::problems::Severity::Warning {
                    crate::error::warn(d);
                } else {
                    diags.push(d);
                }
            }
        }
        match load(root, config, &req) {
            Ok(book) => {
                for ch in &book.chapters {
                    for b in &ch.blocks {
                        if let Block::Markdown(md) = b {
                            if let Err(d) = photos::markdown_images(md) {
                                diags.extend(d);
                            }
                        }
                    }
                }
                if book.kind == BookKind::BarnetsBog {
                    md::warnings(&book)
                        .0
                        .into_iter()
                        .for_each(crate::error::warn);
                }
                // What would print as an empty box, without the photos: only the words matter.
                let text =
                    write::document(&book, &photos::Processed::default(), &chapter_links(&book));
                pdf::missing_characters(&book, &text)
                    .into_iter()
                    .for_each(crate::error::warn);
            }
            Err(Error::Invalid(d)) => diags.extend(d.0),
            Err(_) => {}
        }
    }
    diags.sorted()
}

/// `allow_cpr = true` in a chapter's front matter or at the top of `bog.toml`.
fn allows_cpr(text: &str, ext: &str) -> bool {
    let table = if ext == "md" {
        crate::handbook::frontmatter::split(text, Path::new(""))
            .ok()
            .and_then(|s| s.front_matter.parse::<toml::Table>().ok())
    } else {
        text.parse::<toml::Table>().ok()
    };
    table
        .and_then(|t| t.get("allow_cpr").and_then(|v| v.as_bool()))
        .unwrap_or(false)
}
