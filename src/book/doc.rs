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

impl Document {
    /// Leaves out every box of `kind` with all it holds: a trainer's notes outside the trainer
    /// edition. Done on the typed text, so the HTML and the PDF leave out the same.
    pub fn without_boxes(&mut self, kind: BoxKind) {
        for ch in &mut self.chapters {
            let mut inside = 0usize;
            ch.events.retain(|e| match e {
                DocEvent::BoxStart { kind: k, .. } if inside > 0 || *k == kind => {
                    inside += 1;
                    false
                }
                DocEvent::BoxEnd if inside > 0 => {
                    inside -= 1;
                    false
                }
                _ => inside == 0,
            });
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::CowStr;

    fn text(t: &str) -> DocEvent {
        DocEvent::Md(Event::Text(CowStr::from(t.to_string())))
    }

    #[test]
    fn a_left_out_box_takes_the_boxes_inside_it_and_nothing_after_it() {
        let open = |kind| DocEvent::BoxStart {
            kind,
            title: String::new(),
        };
        let mut doc = Document {
            cover: None,
            chapters: vec![DocChapter {
                id: "k".into(),
                title: "K".into(),
                events: vec![
                    text("før"),
                    open(BoxKind::Underviser),
                    text("note"),
                    open(BoxKind::Fakta),
                    text("inde"),
                    DocEvent::BoxEnd,
                    text("note igen"),
                    DocEvent::BoxEnd,
                    open(BoxKind::Fakta),
                    text("efter"),
                    DocEvent::BoxEnd,
                ],
            }],
        };
        doc.without_boxes(BoxKind::Underviser);
        let words: Vec<String> = (doc.chapters[0].events.iter())
            .map(|e| match e {
                DocEvent::Md(Event::Text(t)) => t.to_string(),
                DocEvent::BoxStart { .. } => "[".into(),
                DocEvent::BoxEnd => "]".into(),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(words, ["før", "[", "efter", "]"]);
    }
}
