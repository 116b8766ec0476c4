//! The typed document a book is written from: each chapter as a stream of [`DocEvent`]s that
//! every writer (HTML in [`super::html`], typst in [`super::pdf::markup`]) reads through one
//! trait, [`DocWriter`].
//!
//! The stream is made by [`super::md`] (the loader: Markdown, photos and links resolved) and driven
//! by [`super::write`]; a writer sees only this module and the plain data of [`super::model`], so
//! the writers and the loader do not know each other, and `pdf` never imports the rest of `book`.

use super::model::WorkshopEntry;
use crate::text::dialect::BoxKind;
use pulldown_cmark::Event;

/// One piece of a chapter, in reading order.
#[derive(Debug, Clone)]
pub enum DocEvent {
    /// Markdown structure and text. Links lead to the web or to a chapter (`#id`); raw HTML is
    /// already text; images come as [`DocEvent::Image`], never as Markdown.
    Md(Event<'static>),
    /// Opens a box (`> [!GODE RÅD]`) with its title: the one written, or the kind's label.
    BoxStart {
        kind: BoxKind,
        title: String,
    },
    BoxEnd,
    /// Opens a quote with attribution (`> [!CITAT: Ung, 14 år]`).
    QuoteStart,
    /// Closes it: the attribution is shown after the quote.
    QuoteEnd {
        attribution: Option<String>,
    },
    /// An image in the text: a processed photo of the book (`billeder/03.jpg`).
    Image {
        src: String,
        /// The image's words (`![these](...)`), as plain text.
        alt: String,
        title: String,
        /// Taller than wide: laid out by height in print.
        portrait: bool,
        /// A child's drawing: on its own page, as large as it fits (see `md::is_drawing`).
        drawing: bool,
    },
    /// A photo page: the photo large, with its caption and date.
    Figure {
        src: String,
        caption: String,
        date: Option<String>,
    },
    /// "Min historie" or "Min tidslinje": what happened, where and when, in order.
    Timeline(Vec<TimelineItem>),
    /// A course's workshops, with the chapters each uses.
    Workshops(Vec<WorkshopEntry>),
    /// Room to write and draw by hand, under these guiding questions (`--udfyld`).
    FillIn(Vec<String>),
    /// The end of one Markdown text of the chapter (a chapter may hold several, and photo pages).
    BlockEnd,
}

/// One entry of a timeline, with its photo (processed, `billeder/04.jpg`) inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    pub date: String,
    pub place: String,
    pub text: Option<String>,
    pub photo: Option<String>,
}

/// A chapter ready to be written.
#[derive(Debug, Clone)]
pub struct DocChapter {
    /// Anchor in the HTML and label in the PDF: unique in the book.
    pub id: String,
    pub title: String,
    pub events: Vec<DocEvent>,
}

/// A book's text ready to be written: its chapters and the processed cover photo.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The cover's processed photo (`billeder/01.jpg`), if the book has one.
    pub cover: Option<String>,
    pub chapters: Vec<DocChapter>,
}

/// A writer of one chapter's events to its format.
pub trait DocWriter {
    fn event(&mut self, e: &DocEvent);
    /// What was written.
    fn finish(self) -> String;
}

/// Writes `events` with `writer`, and returns what it wrote.
pub fn write<W: DocWriter>(mut writer: W, events: &[DocEvent]) -> String {
    for e in events {
        writer.event(e);
    }
    writer.finish()
}
