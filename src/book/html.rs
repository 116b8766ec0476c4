//! A book as one print-ready HTML page (A4, a page per chapter, no navigation), written with the
//! theme's `book.html` template and `book.css`.

use super::doc::{self, DocEvent, DocWriter, Document, TimelineItem};
use super::model::{Book, BookKind, WorkshopEntry};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::handbook::markdown::{box_open, escape_html, quote_close, BOX_CLOSE, QUOTE_OPEN};
use crate::handbook::theme::Theme;
use crate::problems::{DocumentProblem, Problem};
use crate::text::i18n::Date;
use pulldown_cmark::{CowStr, Event};
use serde::Serialize;

#[derive(Serialize)]
struct BookCtx<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    owner_line: Option<&'a str>,
    cover: Option<&'a str>,
    lang: &'static str,
    kind: &'static str,
    /// The design's name (`barn`, `ung`, `voksen`), a class of the body.
    reader: &'static str,
    consent: Option<ConsentCtx<'a>>,
    chapters: Vec<ChapterCtx<'a>>,
    /// Workshops that print no chapter of their own, after the last chapter.
    trailing_parts: Vec<PartCtx<'a>>,
    css: String,
    made: String,
}

#[derive(Serialize)]
struct ConsentCtx<'a> {
    given_by: &'a str,
    recipient: &'a str,
    date: &'a str,
    chapters: &'a [String],
    child_yes: bool,
}

#[derive(Serialize)]
struct ChapterCtx<'a> {
    id: &'a str,
    title: &'a str,
    html: String,
    /// The chapter's colour in the design.
    colour: &'a str,
    /// The workshops of a course that begin just before this chapter, and whether it is in one.
    parts: Vec<PartCtx<'a>>,
    in_part: bool,
}

/// A workshop of a course's compendium: its title, when and where, and the chapters it uses.
#[derive(Serialize)]
struct PartCtx<'a> {
    title: &'a str,
    facts: &'a [String],
    description: Option<&'a str>,
    uses: Vec<(&'a str, &'a str)>,
}

fn part_ctx<'a>(p: &'a super::model::Part, text: &'a Document) -> PartCtx<'a> {
    PartCtx {
        title: &p.title,
        facts: &p.facts,
        description: p.description.as_deref(),
        uses: (p.uses.iter().filter_map(|&i| text.chapters.get(i)))
            .map(|c| (c.title.as_str(), c.id.as_str()))
            .collect(),
    }
}

/// Renders the whole book to HTML with the project's theme; `made` is the date it is made.
pub fn render(book: &Book, text: &Document, theme: &Theme, made: Date) -> Result<String> {
    let css = theme
        .statics
        .iter()
        .find(|(n, _)| n == "book.css")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    // The design after the theme's CSS: the same values the PDF is made with.
    let design = &book.design;
    let css = format!("{css}\n{}", design.css());
    let ctx = BookCtx {
        title: &book.title,
        subtitle: book.subtitle.as_deref(),
        owner_line: book.owner_line.as_deref(),
        cover: text.cover.as_deref(),
        lang: book.lang.code(),
        kind: match book.kind {
            BookKind::BarnetsBog => "barnetsbog",
            BookKind::Kompendium => "kompendium",
        },
        reader: book.reader.name(),
        consent: book.consent.as_ref().map(|c| ConsentCtx {
            given_by: &c.given_by,
            recipient: &c.recipient,
            date: &c.date,
            chapters: &c.chapters,
            child_yes: c.child_yes,
        }),
        chapters: text
            .chapters
            .iter()
            .enumerate()
            .map(|(i, c)| ChapterCtx {
                colour: design.colour(i),
                id: &c.id,
                title: &c.title,
                html: doc::write(HtmlWriter::default(), &c.events),
                parts: (book.course.iter().flat_map(|k| k.parts_at(i)))
                    .map(|p| part_ctx(p, text))
                    .collect(),
                in_part: (book.course.iter().flat_map(|k| &k.parts)).any(|p| p.first <= i),
            })
            .collect(),
        trailing_parts: (book
            .course
            .iter()
            .flat_map(|k| k.parts_at(text.chapters.len())))
        .map(|p| part_ctx(p, text))
        .collect(),
        css,
        made: made.human(book.lang),
    };
    let tctx = tera::Context::from_serialize(&ctx)
        .map_err(|e| Error::internal(format!("bogen kunne ikke forberedes: {e}")))?;
    theme.tera.render("book.html", &tctx).map_err(|e| {
        invalid(DocumentProblem::BookTemplate {
            error: crate::handbook::theme::error_chain(&e),
        })
    })
}

fn invalid(p: impl Into<Problem>) -> Error {
    Error::Invalid(Diagnostics(vec![Diagnostic::of("book.html", p)]))
}

/// A chapter as HTML: Markdown through pulldown-cmark's writer, boxes, quotes and photo pages
/// as the theme's `book.css` expects them.
#[derive(Default)]
pub struct HtmlWriter {
    /// Markdown events of the block under way, written at its end.
    pending: Vec<Event<'static>>,
    html: String,
}

impl HtmlWriter {
    fn raw(&mut self, html: String) {
        self.pending.push(Event::Html(CowStr::from(html)));
    }

    fn flush(&mut self) {
        pulldown_cmark::html::push_html(&mut self.html, self.pending.drain(..));
    }
}

impl DocWriter for HtmlWriter {
    fn event(&mut self, e: &DocEvent) {
        match e {
            DocEvent::Md(ev) => self.pending.push(ev.clone()),
            DocEvent::BoxStart { kind, title } => self.raw(box_open(*kind, title)),
            DocEvent::BoxEnd => self.raw(BOX_CLOSE.into()),
            DocEvent::QuoteStart => self.raw(QUOTE_OPEN.into()),
            DocEvent::QuoteEnd { attribution } => self.raw(quote_close(attribution.as_deref())),
            DocEvent::Image {
                src,
                alt,
                title,
                drawing,
                ..
            } => {
                let class = if *drawing { " class=\"tegning\"" } else { "" };
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_html(title))
                };
                self.pending.push(Event::InlineHtml(CowStr::from(format!(
                    "<img src=\"{}\" alt=\"{}\"{title}{class} />",
                    escape_html(src),
                    escape_html(alt)
                ))));
            }
            DocEvent::Figure { src, caption, date } => {
                self.flush();
                self.html.push_str(&figure(src, caption, date.as_deref()));
            }
            DocEvent::Timeline(entries) => {
                self.flush();
                self.html.push_str(&timeline(entries));
            }
            DocEvent::Workshops(list) => {
                self.flush();
                self.html.push_str(&workshops(list));
            }
            DocEvent::FillIn(questions) => {
                self.flush();
                self.html.push_str(&fill_in(questions));
            }
            DocEvent::BlockEnd => self.flush(),
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        self.html
    }
}

fn figure(src: &str, caption: &str, date: Option<&str>) -> String {
    let date = date
        .map(|d| format!(" <span class=\"dato\">{}</span>", escape_html(d)))
        .unwrap_or_default();
    format!(
        "<figure class=\"foto\"><img src=\"{src}\" alt=\"{}\"><figcaption>{}{date}</figcaption></figure>\n",
        escape_html(caption),
        escape_html(caption)
    )
}

/// Lines to write on under each question, and a frame to draw in (`book.css`: `.udfyld`).
fn fill_in(questions: &[String]) -> String {
    let items: String = questions
        .iter()
        .map(|q| {
            format!(
                "<p class=\"spoergsmaal\">{}</p><div class=\"linjer\"></div>\n",
                escape_html(q)
            )
        })
        .collect();
    format!("<div class=\"udfyld\">\n{items}<div class=\"tegn\">Tegn her</div>\n</div>\n")
}

fn timeline(entries: &[TimelineItem]) -> String {
    let items: String = entries
        .iter()
        .map(|e| {
            format!(
                "<li><p class=\"dato\">{}</p><p class=\"sted\">{}</p>{}{}</li>\n",
                escape_html(&e.date),
                escape_html(&e.place),
                e.text
                    .as_deref()
                    .map(|t| format!("<p>{}</p>", escape_html(t)))
                    .unwrap_or_default(),
                e.photo
                    .as_deref()
                    .map(|p| format!(
                        "<img class=\"tidslinje-foto\" src=\"{}\" alt=\"{}\">",
                        escape_html(p),
                        escape_html(&e.place)
                    ))
                    .unwrap_or_default()
            )
        })
        .collect();
    format!("<ol class=\"tidslinje\">\n{items}</ol>\n")
}

fn workshops(list: &[WorkshopEntry]) -> String {
    let items: String = list
        .iter()
        .map(|w| {
            let uses: Vec<String> = w
                .uses
                .iter()
                .map(|(t, id)| format!("<a href=\"#{id}\">{}</a>", escape_html(t)))
                .collect();
            format!(
                "<li><h3>{}</h3>{}{}{}</li>\n",
                escape_html(&w.title),
                w.duration
                    .as_deref()
                    .map(|d| format!("<p class=\"varighed\">{}</p>", escape_html(d)))
                    .into_iter()
                    .chain(
                        w.facts
                            .iter()
                            .map(|f| format!("<p class=\"hvornaar\">{}</p>", escape_html(f)))
                    )
                    .collect::<String>(),
                w.description
                    .as_deref()
                    .map(|d| format!("<p>{}</p>", escape_html(d)))
                    .unwrap_or_default(),
                if uses.is_empty() {
                    String::new()
                } else {
                    format!("<p class=\"bruger\">Læs: {}</p>", uses.join(", "))
                }
            )
        })
        .collect();
    format!("<ol class=\"workshops\">\n{items}</ol>\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::dialect::BoxKind;

    #[test]
    fn boxes_keep_their_kind_as_a_class() {
        let html = doc::write(
            HtmlWriter::default(),
            &[
                DocEvent::BoxStart {
                    kind: BoxKind::Tip,
                    title: "Tip".into(),
                },
                DocEvent::Md(Event::Text("Kort.".into())),
                DocEvent::BoxEnd,
            ],
        );
        assert_eq!(
            html,
            "<aside class=\"boks boks-gode-raad\"><p class=\"boks-titel\">Tip</p>\nKort.</aside>\n"
        );
    }
}
