//! Drives the writers: a book's text is read once into the typed document ([`super::md`]) and
//! handed to each writer, HTML ([`super::html`]) and typst ([`super::pdf`]). The writers know the
//! document, never the loader.

use super::doc::Document;
use super::md::{self, ChapterLinks};
use super::model::Book;
use super::photos::Processed;
use crate::error::Result;
use crate::handbook::theme::Theme;

/// The book's chapters as the typed document both writers read.
pub fn document(book: &Book, photos: &Processed, links: &ChapterLinks) -> Document {
    md::document(book, photos, links)
}

/// The book as one HTML page, with the theme's `book.html`.
pub fn html(book: &Book, text: &Document, theme: &Theme) -> Result<String> {
    super::html::render(book, text, theme, super::pdf::today())
}

/// The typst markup the PDF is compiled from (cheap: no layout).
pub fn typst(book: &Book, text: &Document) -> super::pdf::markup::Document {
    super::pdf::markup::document(book, text)
}

/// The PDF (slow: typst lays out every page).
pub fn pdf(book: &Book, text: &Document, photos: &Processed) -> Result<super::pdf::Pdf> {
    super::pdf::render(book, text, photos.files())
}
