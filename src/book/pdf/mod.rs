//! PDF made in-process with typst used as a library: no browser, no network, fonts embedded from
//! `typst-assets`. A [`Book`] is written as typst markup ([`markup`]), compiled in a [`World`]
//! that holds only that markup, the fonts and the book's processed photos, and exported as PDF
//! (PDF/A-2b with `--pdfa`; PDF/A-2a and PDF/UA-1 at once for an archive copy, `--arkiv`).
//! Emoji print from Noto Emoji (outline, from `epaint_default_fonts`), a fallback after the text
//! fonts; a character no font has is told and replaced ([`glyphs`]).

mod glyphs;
pub(crate) mod guard;
pub mod markup;
pub mod sheets;

use crate::book::doc;
use crate::book::model::Book;
use crate::error::{Error, Result};
use crate::text::i18n::Date;
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

/// A finished PDF.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The embedded fonts, parsed once per process.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    // Noto Emoji last: typst uses it only for what the text fonts lack.
    let fonts: Vec<Font> = typst_assets::fonts()
        // The rounded font of the children's designs (see `crate::book::design`).
        .chain([crate::book::design::ROUNDED_FONT])
        .chain([epaint_default_fonts::NOTO_EMOJI_REGULAR])
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Everything the typst compiler may see: one source file and the book's photos, nothing else.
struct BookWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Date,
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for BookWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().get_with_slash().into()))
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(i32::from(self.today.year), self.today.month, self.today.day)
    }
}

/// Today's date (UTC), for the colophon and the PDF's metadata.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

/// The characters of the book no font has (warning D065 at the place each was written), as
/// [`render`] would tell them, without compiling: for `bogbinder check`.
pub fn missing_characters(book: &Book, text: &doc::Document) -> Vec<crate::error::Diagnostic> {
    glyphs::check(book, &markup::document(book, text).text)
}

/// The markup a book's PDF is compiled from: checked by the guard, with the characters no font
/// has told as warnings (and, for an archive copy, photos without captions).
pub fn markup_of(book: &Book, text: &doc::Document) -> Result<String> {
    checked_markup(book, markup::document(book, text))
}

/// [`markup_of`] for markup already written (such as
/// [`markup::document_with_running_head`]).
pub fn checked_markup(book: &Book, doc: markup::Document) -> Result<String> {
    // For bug reports: the generated markup can be looked at.
    if let Some(path) = std::env::var_os("BOGBINDER_TYPST_DUMP") {
        let _ = std::fs::write(path, &doc.text);
    }
    for part in doc.generated() {
        if let Err((what, at)) = guard::check(part) {
            let near: String = part[at..].chars().take(60).collect();
            return Err(bug(format!(
                "den dannede typst-kode indeholder {what} (ved: {near:?})"
            )));
        }
    }
    for d in glyphs::check(book, &doc.text) {
        crate::error::warn(d);
    }
    if book.arkiv {
        captions(book);
    }
    Ok(glyphs::printable(&doc.text, book.pdfa || book.arkiv))
}

/// Compiles the book to PDF from its typed text and its processed photos (name and bytes).
pub fn render<'p>(
    book: &Book,
    text: &doc::Document,
    photos: impl Iterator<Item = (&'p str, &'p [u8])>,
) -> Result<Pdf> {
    let markup = markup_of(book, text)?;
    compile(book, markup, photos)
}

/// Compiles `markup` (from [`markup_of`]) with the book's photos.
pub fn compile<'p>(
    book: &Book,
    markup: String,
    photos: impl Iterator<Item = (&'p str, &'p [u8])>,
) -> Result<Pdf> {
    compile_impl(book, markup, photos, false)
}

/// [`compile`] for a document made once per run (the handbook's PDF in `build --pdf`): typst's
/// caches of the layout (comemo) are emptied once it is laid out, so writing the PDF reuses
/// their memory instead of adding to it (a tenth of the peak for 1,700 pages). Not for books in
/// `serve`, whose next rebuild is quick because of those caches.
pub fn compile_once<'p>(
    book: &Book,
    markup: String,
    photos: impl Iterator<Item = (&'p str, &'p [u8])>,
) -> Result<Pdf> {
    compile_impl(book, markup, photos, true)
}

fn compile_impl<'p>(
    book: &Book,
    markup: String,
    photos: impl Iterator<Item = (&'p str, &'p [u8])>,
    forget_layout: bool,
) -> Result<Pdf> {
    let main = Source::new(file_id("/bog.typ"), markup);
    let files = photos
        .map(|(name, bytes)| (file_id(&format!("/{name}")), Bytes::new(bytes.to_vec())))
        .collect();
    decode_photos_ahead(&files);
    let world = BookWorld {
        main,
        files,
        today: today(),
    };
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errs| compile_error(&world, &errs))?;
    if forget_layout {
        typst::comemo::evict(0);
    }
    let mut options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("bogbinder/{}", book.slug)),
        ..Default::default()
    };
    // An archive copy is both PDF/A-2a and PDF/UA-1: tagged, with language, title and alt texts.
    let standards: &[typst_pdf::PdfStandard] = if book.arkiv {
        &[typst_pdf::PdfStandard::A_2a, typst_pdf::PdfStandard::Ua_1]
    } else if book.pdfa {
        &[typst_pdf::PdfStandard::A_2b]
    } else {
        &[]
    };
    if !standards.is_empty() {
        options.standards = typst_pdf::PdfStandards::new(standards)
            .map_err(|e| Error::internal(format!("PDF/A kunne ikke vælges: {}", e.message())))?;
        let d = world.today;
        options.timestamp = Datetime::from_ymd(i32::from(d.year), d.month, d.day)
            .map(typst_pdf::Timestamp::new_utc);
    }
    let bytes = typst_pdf::pdf(&doc, &options).map_err(|errs| compile_error(&world, &errs))?;
    Ok(Pdf {
        pages: doc.pages().len(),
        bytes,
    })
}

/// Compiles one sheet of a course kit ([`sheets`]): its fixed preamble and `call`, the generated
/// call, which is checked like a book's markup.
pub fn render_sheet(slug: &str, call: &str) -> Result<Pdf> {
    if let Err((what, at)) = guard::check(call) {
        let near: String = call[at..].chars().take(60).collect();
        return Err(bug(format!(
            "den dannede typst-kode indeholder {what} (ved: {near:?})"
        )));
    }
    let world = BookWorld {
        main: Source::new(file_id("/ark.typ"), format!("{}{call}", sheets::PREAMBLE)),
        files: HashMap::new(),
        today: today(),
    };
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errs| compile_error(&world, &errs))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("bogbinder/{slug}")),
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&doc, &options).map_err(|errs| compile_error(&world, &errs))?;
    Ok(Pdf {
        pages: doc.pages().len(),
        bytes,
    })
}

/// Compiles typst markup that reads no file, with the books' fonts: a form's PDF (see
/// `handbook::forms::pdf`). The markup is bogbinder's own, so an error is a bug.
pub(crate) fn compile_alone(text: String) -> Result<PagedDocument> {
    let world = BookWorld {
        main: Source::new(file_id("/skema.typ"), text),
        files: HashMap::new(),
        today: today(),
    };
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errs| compile_error(&world, &errs))
}

/// A warning for each photo page without a caption: in an archive copy its alt text says only
/// "Foto", which tells a screen reader little.
fn captions(book: &Book) {
    for ch in &book.chapters {
        for block in &ch.blocks {
            let crate::book::model::Block::Photos(photos) = block else {
                continue;
            };
            for p in photos.iter().filter(|p| p.caption.is_none()) {
                let photo = p.shown.display().to_string();
                let d = crate::error::Diagnostic::of(
                    &p.used_at.file,
                    crate::problems::DocumentProblem::PhotoWithoutCaption { photo },
                );
                crate::error::warn(d.at(p.used_at.line, p.used_at.column));
            }
        }
    }
}

/// Decodes the photos for typst on every core before it lays out the book. Typst decodes each
/// photo when its layout first meets it, one after another, and remembers the result by the
/// photo's bytes (comemo), so the layout then finds them decoded: 40 print photos took a third
/// of a rebuild with a warm photo cache. Only speed: an error is left for the layout to report.
fn decode_photos_ahead(files: &HashMap<FileId, Bytes>) {
    use rayon::prelude::*;
    use typst::visualize::{ImageFormat, RasterImage};
    let photos: Vec<&Bytes> = files.values().collect();
    photos.par_iter().for_each(|data| {
        if let Some(ImageFormat::Raster(format)) = ImageFormat::detect(data) {
            let _ = RasterImage::new((*data).clone(), format, typst::foundations::Smart::Auto);
        }
    });
}

/// Typst errors mean bogbinder wrote bad markup (or a photo typst cannot read): a bug to report,
/// with the place in the generated markup so it can be found.
fn compile_error(world: &BookWorld, errs: &[typst::diag::SourceDiagnostic]) -> Error {
    let details: Vec<String> =
        errs.iter()
            .map(|e| {
                let near = world
                    .range(e.span)
                    .and_then(|r| {
                        world.main.text().get(
                            r.start.saturating_sub(40)..(r.end + 40).min(world.main.text().len()),
                        )
                    })
                    .map(|s| format!(" (ved: {s:?})"))
                    .unwrap_or_default();
                format!("{}{near}", e.message)
            })
            .collect();
    bug(details.join("; "))
}

/// A PDF bogbinder could not make because of its own mistake (the markup it wrote, or a photo
/// it processed itself), never the user's text: reported as a bug, naming the generated file.
fn bug(details: String) -> Error {
    Error::internal(format!(
        "PDF'en kunne ikke laves ({details}); HTML-udgaven kan bruges imens"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(
            civil_from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            civil_from_days(20_415),
            Date {
                year: 2025,
                month: 11,
                day: 23
            }
        );
        assert_eq!(
            civil_from_days(11_016),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
    }
}
